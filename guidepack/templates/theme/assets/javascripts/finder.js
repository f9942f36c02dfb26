/*
 * Board finder (home page and directory): type part of a board's name, with or without diacritics, and go to its
 * page, or its initials (`hcm`, `tp hcm`, `ldtbxh`) or another name it is known by (keys and aliases from the
 * build). ARIA 1.2 combobox with a list box: arrow keys move, Enter opens, Escape clears. Uses vi-text.js.
 */
(function () {
  "use strict"
  var viText = self.viText
  var fold = viText.fold
  var exact = viText.exact
  /* Folded letters and digits only, as the build writes a board's keys (guidepack/text.py, compact) */
  function compact(text) { return fold(text).replace(/[^a-z0-9]/g, "") }

  function setup(root) {
    var input = root.querySelector(".finder__input")
    var list = root.querySelector(".finder__list")
    var status = root.querySelector(".finder__status")
    var boards = JSON.parse(document.getElementById("finder-data").textContent)
    var options = boards.map(function (board, i) {
      var option = document.createElement("li")
      option.id = input.id + "-" + i
      option.setAttribute("role", "option")
      option.setAttribute("aria-selected", "false")
      option.setAttribute("data-href", board.href)
      option.textContent = board.name
      option.hidden = true
      option.viFold = fold(board.name)
      option.viExact = exact(board.name)
      option.viAliases = (board.aliases || []).map(fold)
      option.viKeys = board.keys || []
      list.appendChild(option)
      return option
    })
    var shown = []
    var active = -1

    function go(option) {
      if (option) location.href = new URL(option.getAttribute("data-href"), location.href).href
    }

    function activate(i) {
      if (active >= 0 && shown[active]) shown[active].setAttribute("aria-selected", "false")
      active = i
      if (i < 0 || !shown[i]) {
        input.removeAttribute("aria-activedescendant")
        return
      }
      shown[i].setAttribute("aria-selected", "true")
      input.setAttribute("aria-activedescendant", shown[i].id)
      shown[i].scrollIntoView({ block: "nearest" })
    }

    function update() {
      var query = input.value.trim().replace(/\s+/g, " ")
      var q = fold(query)
      var e = exact(query)
      activate(-1)
      shown = []
      var key = compact(query)
      var marked = viText.hasMarks(query)
      var whole = new RegExp("(^|[^a-z0-9])" + q.replace(/[^a-z0-9 ]/g, "\\$&") + "($|[^a-z0-9])")
      options.forEach(function (option, listed) {
        var at = q ? option.viFold.indexOf(q) : -1
        /* 0: whole words of the name, or its initials or an alias's letters typed whole (`la` finds Sơn La and
           Long An); 1: the start of a word of the name; 2: inside a word; 3: part of an alias or the start of
           the initials (`tph`) */
        var how = -1
        if (key && option.viKeys.indexOf(key) >= 0) how = 0
        else if (at >= 0) how = whole.test(option.viFold) ? 0 : /[a-z0-9]/.test(option.viFold.charAt(at - 1)) ? 2 : 1
        else if (q && option.viAliases.some(function (alias) { return alias.indexOf(q) >= 0 })) how = 3
        else if (key.length >= 2 && option.viKeys.some(function (k) { return k.indexOf(key) === 0 })) how = 3
        option.hidden = how < 0
        /* Names typed with their exact diacritics first, then as above, then where the match starts, then as
           listed */
        option.viRank = [marked && option.viExact.indexOf(e) < 0 ? 1 : 0, how, at < 0 ? 1e3 : at, listed]
        if (how >= 0) shown.push(option)
      })
      shown.sort(function (a, b) {
        for (var i = 0; i < a.viRank.length; i++) if (a.viRank[i] !== b.viRank[i]) return a.viRank[i] - b.viRank[i]
        return 0
      })
      shown.forEach(function (option) { list.appendChild(option) })
      var open = shown.length > 0
      list.hidden = !open
      input.setAttribute("aria-expanded", open ? "true" : "false")
      status.textContent = !q ? "" : open
        ? shown.length + " Ban phù hợp. Dùng phím mũi tên để chọn, Enter để mở trang của Ban."
        : "Không tìm thấy Ban nào có tên như vậy."
      if (open) activate(0)
    }

    input.addEventListener("input", update)
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        if (!shown.length) return
        ev.preventDefault()
        var step = ev.key === "ArrowDown" ? 1 : -1
        activate((active + step + shown.length) % shown.length)
      } else if (ev.key === "Enter") {
        if (active >= 0) {
          ev.preventDefault()
          go(shown[active])
        }
      } else if (ev.key === "Escape") {
        if (input.value) {
          ev.preventDefault()
          ev.stopPropagation()
          input.value = ""
          update()
        }
      }
    })
    list.addEventListener("click", function (ev) {
      var option = ev.target.closest("[role=option]")
      if (option) go(option)
    })
    root.hidden = false
    update()
  }

  function init() {
    var roots = document.querySelectorAll(".finder")
    for (var i = 0; i < roots.length; i++) setup(roots[i])
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init)
  else init()
})();
