"""The way back: reading the reports boards fill in and return (../shared/reference/tong-hop.md).

package.py opens a received file safely; body.py turns its XML (DOCX or ODT) into paragraphs and content controls;
template.py describes a published template; read.py reads a filled report at three depths (tag, position, fixed
text); values.py parses the values as Vietnamese offices write them.
"""
