/* Explorers in the static book: a slider puts a position's vector drawing in the figure.
 *
 * Each <figure class="ce-explorer"> holds one inline <svg class="ce-explorer-frame"> per
 * layout ("wide", and "narrow" for phones; the stylesheet shows the one that fits), each
 * with the fixed part of the figure and a <g class="ce-explorer-moving"> group; one
 * <input type="range"> and one <output> per control; and a JSON block naming each
 * layout's payload, a script under _explorers/ that calls crossentropyExplorerData().
 *
 * A payload holds, gzip-compressed, every distinct SVG fragment of the moving artists,
 * for each position the list of its fragments, and each position's alt text; raster
 * fragments refer to its images as "ce-image:N". The position of controls (i, j) is
 * i * n_j + j. The payload of the layout on screen is loaded once, when the page loads
 * (a classic script, so that it loads from file:// too); after that a slider's input
 * event only joins strings into the moving group: no request, no drawing code, and the
 * new figure is on screen at the next frame. No kernel, no network.
 */
(function () {
  "use strict";

  var pending = {};

  /* Called by each payload script: hand the payload to the figures waiting for it. */
  window.crossentropyExplorerData = function (id, payload) {
    (pending[id] || []).forEach(function (resolve) { resolve(payload); });
    delete pending[id];
  };

  function loadScript(src) {
    var id = src.split("/").pop().replace(/\.js$/, "");
    return new Promise(function (resolve, reject) {
      (pending[id] = pending[id] || []).push(resolve);
      var script = document.createElement("script");
      script.src = src;
      script.async = true;
      script.onerror = function () { reject(new Error("cannot load " + src)); };
      document.head.appendChild(script);
    });
  }

  function inflate(base64) {
    var bytes = Uint8Array.from(atob(base64), function (c) { return c.charCodeAt(0); });
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).json();
  }

  function decode(payload) {
    return inflate(payload.frames).then(function (data) {
      data.parts = data.parts.map(function (part) {
        return part.replace(/ce-image:(\d+)/g, function (_, n) { return payload.images[n]; });
      });
      return data;
    });
  }

  function setup(figure) {
    var data = JSON.parse(figure.querySelector("script.ce-explorer-data").textContent);
    var inputs = figure.querySelectorAll("input.ce-explorer-range");
    var outputs = figure.querySelectorAll("output.ce-explorer-value");
    var layouts = {};
    figure.querySelectorAll("svg.ce-explorer-frame").forEach(function (svg) {
      layouts[svg.getAttribute("data-layout")] = {
        svg: svg,
        moving: svg.querySelector("g.ce-explorer-moving"),
        shown: data.initial,
        frames: null,
        loading: null,
      };
    });

    function visible() {
      for (var name in layouts) {
        if (layouts[name].svg.getClientRects().length) return name;
      }
      return null;
    }

    function position() {
      var index = 0;
      for (var k = 0; k < inputs.length; k++) {
        index = index * data.controls[k].values.length + Number(inputs[k].value);
      }
      return index;
    }

    function draw(layout, index) {
      if (layout.shown === index) return;
      var frames = layout.frames;
      var html = "";
      var ids = frames.frames[index];
      for (var k = 0; k < ids.length; k++) html += frames.parts[ids[k]];
      layout.moving.innerHTML = html;
      layout.svg.setAttribute("aria-label", frames.alts[index]);
      layout.shown = index;
    }

    function show() {
      for (var k = 0; k < inputs.length; k++) {
        var control = data.controls[k];
        var shown = control.shown[Number(inputs[k].value)];
        outputs[k].textContent = shown;
        inputs[k].setAttribute("aria-valuetext", control.label + " = " + shown);
      }
      var name = visible();
      var layout = name && layouts[name];
      if (!layout) return;
      if (!layout.frames) {
        load(name);
        return;
      }
      var index = position();
      draw(layout, index);
      figure.setAttribute("data-frame", String(index));
      figure.setAttribute("data-layout", name);
    }

    function load(name) {
      var layout = layouts[name];
      if (layout.loading || !window.DecompressionStream) return;
      layout.loading = loadScript(data.sources[name]).then(decode).then(function (frames) {
        layout.frames = frames;
        show();
        if (name === visible()) figure.setAttribute("data-ready", "true");
      }).catch(function (error) {
        figure.setAttribute("data-ready", "error");
        console.error("explorer " + figure.id + ": " + error.message);
      });
    }

    for (var k = 0; k < inputs.length; k++) {
      inputs[k].addEventListener("input", show);
      inputs[k].addEventListener("change", show);
    }
    // A rotated phone or a resized window may show the other layout: load it, then draw.
    if (window.ResizeObserver) new ResizeObserver(show).observe(figure);
    show();
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
