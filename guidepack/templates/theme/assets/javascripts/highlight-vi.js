/*
 * Highlight the words a search found, on the page it leads to, with Vietnamese folding: the search result links
 * carry the folded words (?h=bao+cao), which must mark "báo cáo". main.html takes `h` from the address before
 * Material's own highlighter (which compares letters exactly) reads it; this marks the words here instead.
 */
(function () {
  "use strict"
  var fold = self.viText.fold
  var terms = (self.viHighlightTerms || []).map(fold)
  var article = document.querySelector(".md-content article")
  if (!terms.length || !article) return
  var WORD = /[^\s\-–—,;:!?()[\]{}"“”‘’«»…]+/g
  var skip = "mark, script, style, code, pre, .headerlink, .finder"

  function matches(word) {
    var folded = fold(word).replace(/\.$/, "")
    return terms.some(function (term) { return folded.indexOf(term) === 0 })
  }

  var nodes = []
  var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
    acceptNode: function (node) {
      return node.parentNode.closest(skip) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT
    }
  })
  while (walker.nextNode()) nodes.push(walker.currentNode)
  nodes.forEach(function (node) {
    var text = node.nodeValue
    var out = document.createDocumentFragment()
    var at = 0
    var found = false
    text.replace(WORD, function (word, index) {
      if (!matches(word)) return word
      found = true
      out.appendChild(document.createTextNode(text.slice(at, index)))
      var mark = document.createElement("mark")
      mark.setAttribute("data-md-highlight", "")
      mark.textContent = word
      out.appendChild(mark)
      at = index + word.length
      return word
    })
    if (!found) return
    out.appendChild(document.createTextNode(text.slice(at)))
    node.parentNode.replaceChild(out, node)
  })
})();
