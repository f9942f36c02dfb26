/*
 * Vietnamese search in Material's own search worker (Material 9.8; a browser test guards these internals).
 * The site build writes this file, after vi-text.js, to assets/javascripts/workers/search-vi.js and puts the
 * stock worker's file name in place of __STOCK_WORKER__; main.html points Material at it.
 *
 * - Index: every word is indexed in its folded form (no diacritics, đ -> d) and, when it has diacritics, also in
 *   its exact form (NFC, one tone placement), at the same position, so highlights fall on the original text.
 * - Query: lunr skips its search pipeline for wildcard terms (Material adds `*` to every word), so the terms are
 *   folded where the query is parsed; only the last word stays a prefix (the one being typed). A second pass with the exact forms of the words typed with diacritics puts
 *   the pages that match them exactly first (a tier, not a boost: Material boosts titles 1000 times).
 */
(function () {
  "use strict"
  var viText = self.viText
  var here = (typeof parent !== "undefined" && parent !== self && "IFrameWorker" in parent)
    ? document.querySelector("script[src]").src      /* iframe-worker shim (site opened from disk) */
    : self.location.href
  var base = here.replace(/[?#].*$/, "").replace(/[^/]*$/, "")
  var TIER = 1e6

  function patch() {
    var lunr = self.lunr
    if (!lunr || lunr.viPatched) return
    lunr.viPatched = true

    /* Index both forms of a word at the same position */
    function viForms(token) {
      var text = token.toString()
      var folded = viText.fold(text)
      var exact = viText.exact(text)
      if (exact === folded) return token.update(function () { return folded })
      return [token.clone(function () { return folded }), token.clone(function () { return exact })]
    }
    lunr.Pipeline.registerFunction(viForms, "viForms")
    var add = lunr.Builder.prototype.add
    lunr.Builder.prototype.add = function (doc, attributes) {
      if (!this.viForms) {
        this.viForms = true
        this.pipeline.add(viForms)
      }
      return add.call(this, doc, attributes)
    }

    /* Fold (or, for the exact pass, normalise) every query term where lunr parses the query */
    var form = viText.fold
    var parse = lunr.QueryParser.prototype.parse
    lunr.QueryParser.prototype.parse = function () {
      var query = parse.call(this)
      var last = query.clauses.length - 1
      for (var i = 0; i <= last; i++) {
        var clause = query.clauses[i]
        clause.term = form(clause.term)
        /* Material makes every word a prefix; only the last one can be partly typed. Whole words stay whole,
           so that `6` in "báo cáo 6 tháng" does not find `664`. */
        if (i < last && /[^*]\*$/.test(clause.term)) {
          clause.term = clause.term.slice(0, -1)
          clause.usePipeline = true
        }
      }
      return query
    }

    function run(index, queryString, exact) {
      var words = []
      form = exact ? viText.exact : viText.fold
      try {
        var results = index.query(function (query) {
          new lunr.QueryParser(queryString, query).parse()
          if (exact) {
            query.clauses = query.clauses.filter(function (clause) {
              var keep = clause.presence !== lunr.Query.presence.PROHIBITED && viText.hasMarks(clause.term)
              if (keep) words.push(clause.term.replace(/\*/g, ""))
              return keep
            })
            if (!query.clauses.length) throw new NoWords()
          }
        })
      } catch (err) {
        if (err instanceof NoWords) return { results: [], words: words }
        throw err
      } finally {
        form = viText.fold
      }
      return { results: results, words: words }
    }
    function NoWords() {}

    /* A word indexed in both forms can match twice at one position: keep one, the folded form first */
    function dedupe(matchData) {
      var metadata = matchData.metadata
      var seen = {}
      var terms = Object.keys(metadata).sort(function (a, b) {
        return (viText.hasMarks(a) ? 1 : 0) - (viText.hasMarks(b) ? 1 : 0)
      })
      for (var t = 0; t < terms.length; t++) {
        var fields = metadata[terms[t]]
        for (var field in fields) {
          var positions = fields[field].position
          if (!positions) continue
          var kept = []
          for (var p = 0; p < positions.length; p++) {
            var key = field + ":" + positions[p]
            if (!seen[key]) {
              seen[key] = true
              kept.push(positions[p])
            }
          }
          if (kept.length) fields[field].position = kept
          else delete fields[field]
        }
        if (!Object.keys(fields).length) delete metadata[terms[t]]
      }
    }

    lunr.Index.prototype.search = function (queryString) {
      var folded = run(this, queryString, false).results
      var exact = run(this, queryString, true)
      var tier = {}
      for (var i = 0; i < exact.results.length; i++) {
        var keys = Object.keys(exact.results[i].matchData.metadata)
        var n = exact.words.filter(function (word) {
          return keys.some(function (key) { return key.indexOf(word) === 0 })
        }).length
        tier[exact.results[i].ref] = Math.min(n, 40)
      }
      for (var j = 0; j < folded.length; j++) {
        if (tier[folded[j].ref]) folded[j].score *= Math.pow(TIER, tier[folded[j].ref])
        dedupe(folded[j].matchData)
      }
      return folded.sort(function (a, b) { return b.score - a.score })
    }
  }

  var loaded = importScripts(base + "__STOCK_WORKER__")
  if (loaded && typeof loaded.then === "function") loaded.then(patch)
  else patch()
})();
