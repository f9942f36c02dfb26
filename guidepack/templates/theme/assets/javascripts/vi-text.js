/*
 * Vietnamese text for finding, never for showing. Mirrors guidepack/text.py (fold, search_exact);
 * tests/test_search_text.py checks that both give the same results.
 *   fold("Đắk Lắk")  -> "dak lak"   (no diacritics, đ -> d, lower case)
 *   exact("Hoà")     -> "hòa"       (lower case NFC, tone mark on the first vowel: hòa and hoà are one word)
 */
(function (root) {
  "use strict"
  var MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g
  var TONES = /[\u0300\u0301\u0303\u0309\u0323]/g
  var SYLLABLE = /[a-z\u0111\u0300-\u036f]+/g
  var FIRST_VOWEL = /[aeiouy][\u0302\u0306\u031b]*/

  function fold(text) {
    return String(text).normalize("NFD").replace(MARKS, "")
      .replace(/\u0111/g, "d").replace(/\u0110/g, "D").toLowerCase()
  }

  function exact(text) {
    var decomposed = String(text).toLowerCase().normalize("NFD")
    return decomposed.replace(SYLLABLE, function (run) {
      var tones = run.match(TONES)
      if (!tones) return run
      var bare = run.replace(TONES, "")
      var vowel = FIRST_VOWEL.exec(bare)
      if (!vowel) return run
      var at = vowel.index + vowel[0].length
      return bare.slice(0, at) + tones[tones.length - 1] + bare.slice(at)
    }).normalize("NFC")
  }

  function hasMarks(text) {
    return fold(text) !== exact(text)
  }

  root.viText = { fold: fold, exact: exact, hasMarks: hasMarks }
})(typeof self !== "undefined" ? self : this);
