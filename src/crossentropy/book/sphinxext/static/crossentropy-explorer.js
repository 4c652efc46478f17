/* Explorers in the static book: a slider swaps pre-rendered frames.
 *
 * Each <figure class="ce-explorer"> holds an <img>, one <input type="range">
 * per control (its value is the index of a slider position), an <output> per
 * control, and a JSON list of frame URLs, alt texts and control values. The
 * frame for positions (i, j) of two controls is frames[i * n_j + j].
 * No kernel, no network: every frame is an image file of the site.
 */
(function () {
  "use strict";

  function setup(figure) {
    var data = JSON.parse(figure.querySelector("script.ce-explorer-data").textContent);
    var image = figure.querySelector("img.ce-explorer-frame");
    var inputs = figure.querySelectorAll("input.ce-explorer-range");
    var outputs = figure.querySelectorAll("output.ce-explorer-value");
    var preloaded = false;

    function preload() {
      if (preloaded) return;
      preloaded = true;
      data.frames.forEach(function (src) { new Image().src = src; });
    }

    function show() {
      var index = 0;
      for (var k = 0; k < inputs.length; k++) {
        var control = data.controls[k];
        var position = Number(inputs[k].value);
        index = index * control.values.length + position;
        outputs[k].textContent = control.shown[position];
        inputs[k].setAttribute("aria-valuetext", control.label + " = " + control.shown[position]);
      }
      image.src = data.frames[index];
      image.alt = data.alts[index];
      figure.setAttribute("data-frame", String(index));
    }

    for (var k = 0; k < inputs.length; k++) {
      inputs[k].addEventListener("input", show);
      inputs[k].addEventListener("change", show);
      inputs[k].addEventListener("pointerdown", preload);
      inputs[k].addEventListener("focus", preload);
    }
    figure.setAttribute("data-ready", "true");
  }

  function setupAll() {
    document.querySelectorAll("figure.ce-explorer").forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
