#!/usr/bin/env bash
# Build the PDF of the whole book: _build/latex/crossentropy-book.pdf
#
# Usage, from the repository root, once the Quick start has made .venv:
#
#     bash tools/build_pdf.sh
#
# (`bash tools/build_pdf.sh --install-only` does step 1 alone, as CI does.)
#
# 1. Installs the TeX Live packages below from Debian's repositories when any is missing
#    (with apt-get, as root or through sudo; nothing is downloaded by TeX itself).
# 2. Runs Jupyter Book 1's LaTeX builder (XeLaTeX, through latexmk) from an empty
#    _build/latex. The notebooks' outputs come from the execution cache that the HTML
#    build fills, so after `jupyter-book build .` nothing is executed again.
set -euo pipefail
cd "$(dirname "$0")/.."

# XeLaTeX, the LaTeX packages Sphinx and sphinx-jupyterbook-latex load, latexmk, xindy
# (Sphinx's index for XeLaTeX), GNU FreeFont (Sphinx's XeLaTeX fonts, with the book's
# arrows, Greek and maths symbols) and poppler-utils (pdftotext, pdfimages for the tests).
PACKAGES=(texlive-xetex texlive-latex-extra texlive-fonts-recommended latexmk xindy
  fonts-freefont-otf poppler-utils)

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "build_pdf: install these TeX Live packages (or their equivalents): ${missing[*]}" >&2
    exit 2
  fi
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "build_pdf: installing ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

[ "${1:-}" = "--install-only" ] && exit 0

JUPYTER_BOOK=.venv/bin/jupyter-book
[ -x "$JUPYTER_BOOK" ] || JUPYTER_BOOK=jupyter-book
rm -rf _build/latex
"$JUPYTER_BOOK" build . --builder pdflatex
echo "build_pdf: wrote _build/latex/crossentropy-book.pdf"
