// Set-up for the Jupyter widgets HTML manager (html-manager 1.0.6), loaded just before it.

// 1. Where its icon fonts are: beside embed-amd.js in this site's _static/html-manager/ folder.
//    Unset, it asks the site root for them and gets 404s.
window.__jupyter_widgets_assets_path__ = new URL("html-manager/", document.currentScript.src).href;

// 2. It typesets widget labels with MathJax 2's MathJax.Hub.Queue(["Typeset", hub, element]);
//    this site runs MathJax 3, which has no Hub and replaces window.MathJax when it starts. Keep a
//    Hub that translates that one call to MathJax 3 on whatever object window.MathJax becomes.
(function () {
  function addHub(mathjax) {
    if (mathjax && typeof mathjax === "object" && !mathjax.Hub) {
      mathjax.Hub = {
        Queue(command) {
          const element = Array.isArray(command) ? command[2] : undefined;
          const current = window.MathJax;
          if (current.startup && current.startup.promise && current.typesetPromise) {
            current.startup.promise.then(() => current.typesetPromise(element ? [element] : undefined));
          }
        },
      };
    }
    return mathjax;
  }
  let current = addHub(window.MathJax || {});
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    get: () => current,
    set: (value) => { current = addHub(value); },
  });
})();
