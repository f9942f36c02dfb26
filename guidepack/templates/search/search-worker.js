/*
 * Vietnamese search in Material's own search worker (Material 9.8; a browser test guards these internals).
 * The site build writes this file, after vi-text.js, to assets/javascripts/workers/search-vi.js and puts the
 * stock worker's file name in place of __STOCK_WORKER__; main.html points Material at it.
 *
 * - Index: every word is indexed in its folded form (no diacritics, đ -> d) and, when it has diacritics, also in
 *   its exact form (NFC, one tone placement), at the same position, so highlights fall on the original text.
 * - Query: lunr skips its search pipeline for wildcard terms (Material adds `*` to every word), so the terms are
 *   folded where the query is parsed; only the last word stays a prefix (the one being typed). A second pass with
 *   the exact forms of the words typed with diacritics finds the pages that match them exactly.
 * - Short forms: a span of the query that is a board's initials or alias (`hcm`, `tp hcm`, `bo ldtbxh`, `sai gon`)
 *   or an abbreviation (`hdnd`) is also searched as what it stands for (NAMES: written in by the site build).
 * - Ranking, in tiers (Material boosts titles 1000 times and re-scores by up to 5 times, so no boost would do): the
 *   page has every word; exact diacritics; the words as a phrase; the page the short form points at; every word in
 *   the title; the query as typed; then lunr's score (see rank()).
 */
(function () {
  "use strict"
  var viText = self.viText
  var here = (typeof parent !== "undefined" && parent !== self && "IFrameWorker" in parent)
    ? document.querySelector("script[src]").src      /* iframe-worker shim (site opened from disk) */
    : self.location.href
  var base = here.replace(/[?#].*$/, "").replace(/[^/]*$/, "")
  var NAMES = __NAMES__  /* written by the site build: guidepack/builders/site.py, search_names() */
  var MAX_ALTERNATIVES = 12
  var FOLDED = Object.create(null)  /* index term -> folded form, filled as queries meet them */

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
      /* A term of wildcards only (a trailing `-` while typing `57/NQ-` leaves `*`) matches every word of the
         index: about a second of work for nothing */
      query.clauses = query.clauses.filter(function (clause) { return clause.term.replace(/\*/g, "") })
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
          if (!exact) words = wordsOf(query.clauses)
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

    /* The words of a parsed query, folded: whole words, and the last one a prefix while it is being typed. A
       word typed once is one word: Material repeats a term that holds a separator once per part (`57/NQ-CP`
       reaches lunr as `57/NQ-CP* 57/NQ-CP*`). */
    function wordsOf(clauses) {
      var words = [], seen = {}
      clauses.forEach(function (clause) {
        if (clause.presence === lunr.Query.presence.PROHIBITED) return
        var w = { word: clause.term.replace(/\*/g, ""), prefix: /\*$/.test(clause.term) }
        if (!w.word) return
        if (seen[w.word]) seen[w.word].prefix = seen[w.word].prefix || w.prefix
        else words.push(seen[w.word] = w)
      })
      return words
    }

    /* Other ways of saying a span of the query: a board's initials or alias (`hcm`, `tp hcm`, `bo ldtbxh`, `sai
       gon`) stand for its name and point at its page; an abbreviation (`hdnd`) stands for its full form. */
    function alternatives(words) {
      var out = []
      for (var i = 0; i < words.length; i++) {
        for (var j = words.length; j > i; j--) {
          var span = words.slice(i, j)
          var key = span.map(function (w) { return w.word }).join("").replace(/[^a-z0-9]/g, "")
          var hits = NAMES.keys[key] || []
          for (var h = 0; h < hits.length && out.length < MAX_ALTERNATIVES; h++) {
            var name = NAMES.names[hits[h]]
            var full = name[0].split(" ").map(function (word) { return { word: word, prefix: false } })
            out.push({ words: words.slice(0, i).concat(full, words.slice(j)), page: name[1], covered: span })
          }
        }
      }
      return out
    }

    /* Where each word of `words` falls in a result, by field: [{field: {position: true}}] (positions are
       Material's: block << 20 | token index within the block, so the next word of a phrase is at position + 1) */
    function places(result, words) {
      var metadata = result.matchData.metadata
      var terms = Object.keys(metadata).map(function (term) {
        return [term, FOLDED[term] || (FOLDED[term] = viText.fold(term))]
      })
      return words.map(function (w) {
        var byField = {}
        for (var t = 0; t < terms.length; t++) {
          var term = terms[t][1]
          if (w.prefix ? term.indexOf(w.word) !== 0 : term !== w.word) continue
          var fields = metadata[terms[t][0]]
          for (var field in fields) {
            var positions = fields[field].position || []
            var set = byField[field] || (byField[field] = {})
            for (var p = 0; p < positions.length; p++) set[positions[p]] = true
          }
        }
        return byField
      })
    }

    function hasPhrase(found, field) {
      var first = found[0][field]
      if (!first) return false
      for (var start in first) {
        var at = +start, k = 1
        while (k < found.length && found[k][field] && found[k][field][at + k]) k++
        if (k === found.length) return true
      }
      return false
    }

    /* Rank of a result (a page or a section of one), compared left to right: its page has every word; words
       typed with diacritics matched exactly; the words as a phrase; the page that initials or an alias point
       at; every word in the title; the query as typed rather than an expansion */
    function rank(result, found, pageHas, exactWords, page, literal) {
      var all = pageHas.every(Boolean)
      var fields = {}
      found.forEach(function (byField) { for (var f in byField) fields[f] = true })
      var phrase = all && Object.keys(fields).some(function (field) { return hasPhrase(found, field) })
      var title = all && found.every(function (byField) { return "title" in byField })
      var target = !!page && result.ref.split("#")[0] === page
      return [all ? 1 : 0, Math.min(exactWords, 3), phrase ? 1 : 0, target ? 1 : 0, title ? 1 : 0, literal ? 1 : 0]
    }

    function compareRanks(a, b) {
      for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return b[i] - a[i]
      return 0
    }

    lunr.Index.prototype.search = function (queryString) {
      var index = this
      var literal = run(this, queryString, false)
      var exact = run(this, queryString, true)
      var exactWords = {}
      for (var i = 0; i < exact.results.length; i++) {
        var keys = Object.keys(exact.results[i].matchData.metadata)
        exactWords[exact.results[i].ref] = exact.words.filter(function (word) {
          return keys.some(function (key) { return key.indexOf(word) === 0 })
        }).length
      }
      var best = {}
      function consider(results, words, page, covered) {
        /* Which words each page has, in any of its sections (lunr indexes sections one by one) */
        var pageHas = {}
        var found = results.map(function (result) {
          var byWord = places(result, words)
          var ref = result.ref.split("#")[0]
          var has = pageHas[ref] || (pageHas[ref] = words.map(function () { return false }))
          byWord.forEach(function (byField, i) { if (Object.keys(byField).length) has[i] = true })
          return byWord
        })
        for (var r = 0; r < results.length; r++) {
          var result = results[r]
          var ranked = rank(result, found[r], pageHas[result.ref.split("#")[0]],
                            covered ? 0 : exactWords[result.ref] || 0, page, !covered)
          var held = best[result.ref]
          if (!held || compareRanks(ranked, held.rank) < 0 ||
              (compareRanks(ranked, held.rank) === 0 && result.score > held.result.score))
            best[result.ref] = { result: result, rank: ranked, covered: covered }
        }
      }
      consider(literal.results, literal.words, "", null)
      alternatives(literal.words).forEach(function (alt) {
        var results = index.query(function (query) {
          alt.words.forEach(function (w) {
            query.term(w.word, {
              usePipeline: false, presence: lunr.Query.presence.REQUIRED,
              wildcard: w.prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE
            })
          })
        })
        consider(results, alt.words, alt.page, alt.covered)
      })

      /* Material multiplies each score by up to 5 (more for a page than for its sections) and sorts again. Each
         rank gets a factor of its own, `gap` times the one below; within a rank lunr's scores keep their ratios
         (softened only when there are so many ranks that the factors would pass the range of a number). */
      var kept = Object.keys(best).map(function (ref) { return best[ref] })
      var ranks = kept.map(function (k) { return k.rank.join("") })
        .filter(function (r, n, all) { return all.indexOf(r) === n }).sort()
      var scores = kept.map(function (k) { return k.result.score })
      var top = Math.max.apply(null, scores.concat([1e-300]))
      var low = Math.max(Math.min.apply(null, scores.concat([top])), top * 1e-12)
      var spread = Math.log(top / low) / Math.LN10
      var alpha = spread > 0 ? Math.min(1, (300 / Math.max(ranks.length, 1) - 1) / spread) : 1
      var gap = 10 * Math.pow(top / low, alpha)
      return kept.map(function (k) {
        var result = k.result
        dedupe(result.matchData)
        /* Words that an expansion stood for count as found (Material lists the words a result lacks) */
        if (k.covered) k.covered.forEach(function (w) { result.matchData.metadata[w.word] = {} })
        result.score = Math.pow(gap, ranks.indexOf(k.rank.join(""))) *
          Math.pow(Math.max(result.score, low) / top, alpha)
        return result
      }).sort(function (a, b) { return b.score - a.score })
    }
  }

  var loaded = importScripts(base + "__STOCK_WORKER__")
  if (loaded && typeof loaded.then === "function") loaded.then(patch)
  else patch()
})();
