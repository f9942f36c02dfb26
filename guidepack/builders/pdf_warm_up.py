"""Imported once by the forkserver the PDF workers are forked from (see checklist.py): WeasyPrint started and
warmed up there, once per build, instead of in every worker."""

from ..tools import die_with_parent
from .checklist import warm_up

die_with_parent()  # a killed build takes this server with it, and the server its workers
warm_up()
