/*
 * Board finder (home page and directory): type part of a board's name, with or without diacritics, and go to its
 * page. ARIA 1.2 combobox with a list box: arrow keys move, Enter opens, Escape clears. Uses vi-text.js.
 */
(function () {
  "use strict"
  var fold = self.viText.fold
  var exact = self.viText.exact

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
      options.forEach(function (option, listed) {
        var at = q ? option.viFold.indexOf(q) : -1
        option.hidden = at < 0
        option.viRank = [option.viExact.indexOf(e) >= 0 ? 0 : 1, at, listed]
        if (at >= 0) shown.push(option)
      })
      /* Names typed with their exact diacritics first, then where the match starts; otherwise as listed */
      shown.sort(function (a, b) {
        return a.viRank[0] - b.viRank[0] || a.viRank[1] - b.viRank[1] || a.viRank[2] - b.viRank[2]
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
