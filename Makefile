# The CX Workbook. Two commands matter (see README.md):
#   make book   build the course site, English in _build/html and Chinese in _build/html/zh
#   make test   unit tests, docstring examples, notebook outputs (nbval) and lint
# Both create .venv from requirements.txt the first time.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(wildcard notebooks/*.ipynb casestudies/*/*.ipynb)

.PHONY: book book-trainer test numerics bench lint lab notebooks vendor bundle clean translations \
	worksheets excel lite pdf slides kit

$(STAMP): requirements.txt requirements-learner.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

# Both editions from one source (book/_ext/i18n.py), built side by side: the Chinese build takes
# its text from book/locales/zh_CN and executes the notebooks with CXLIB_LANG=zh so that their
# pictures draw Chinese. Each edition's executed notebooks are cached (_build/.jupyter_cache) and
# reused by `make pdf` and `make book-trainer`. Without a headless browser the site is still
# built: the worksheet PDF links become a note (book/_ext/missing_downloads.py).
book: $(STAMP)
	rm -rf _build/html
	$(BIN)/python book/_ext/i18n.py build en zh
	@echo "Open _build/html/index.html (English) or _build/html/zh/index.html (中文)"

# The trainer edition (book/_ext/quiz.py): the same site with the exercise solutions (notebook
# cells tagged hide-cell) shown open, in _build/trainer (English) and _build/trainer/zh.
book-trainer: $(STAMP)
	rm -rf _build/trainer
	$(BIN)/python book/_ext/quiz.py trainer en
	$(BIN)/python book/_ext/quiz.py trainer zh
	@echo "Open _build/trainer/index.html (English) or _build/trainer/zh/index.html (中文)"

# After changing English text: merge it into the Chinese catalogues (book/locales/zh_CN,
# cxlib/data/figures.zh.po, the slides' book/locales/zh_CN/slides), then translate what
# `make test` reports as untranslated or fuzzy.
translations: $(STAMP) book
	$(BIN)/python book/_ext/i18n.py update
	$(BIN)/python book/_ext/slides.py update

# The browser tests check the freshly built sites, so they come first: the in-browser course
# (tests/test_lite.py; measured: make lite 52 s from a fresh clone, 10 s cached, its test 40 s on
# 2 cores), then the book (tests/test_site.py), which links to it and carries it in lite/.
# pytest-xdist spreads the tests over the cores (conftest.py keeps each notebook's cells on one
# worker); TEST_WORKERS=0 runs them in this process.
TEST_WORKERS ?= auto
test: $(STAMP) lite book
	$(BIN)/python -m pytest -n $(TEST_WORKERS) -rs
	$(BIN)/ruff check cxlib tests datasets book/_ext benchmarks conftest.py

# The stored notebook outputs and docstring examples on two other floating-point paths, so that an
# output that depends on the last digits of a BLAS kernel, a CPU's vector width or a summation
# order fails here and not only on another machine (book/reference/tests.md): OpenBLAS's Haswell
# kernels with one thread, then its most basic kernels with NumPy's AVX2/AVX-512 loops switched
# off. 1 to 5 minutes each on 2 cores (book/reference/building.md); CI runs it after `make test`.
NUMERICS_PATHS := "OPENBLAS_CORETYPE=Haswell OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1" \
	"OPENBLAS_CORETYPE=Prescott OPENBLAS_NUM_THREADS=2 NPY_DISABLE_CPU_FEATURES=X86_V3,X86_V4,AVX512_ICL"
numerics: $(STAMP)
	@for path in $(NUMERICS_PATHS); do \
	  echo "== $$path"; \
	  env $$path $(BIN)/python -c "import threadpoolctl, numpy; \
	    b = threadpoolctl.threadpool_info()[0]; \
	    print('BLAS', b['internal_api'], b['version'], b['architecture'], b['num_threads'], 'threads')" \
	  && env $$path $(BIN)/python -m pytest -n $(TEST_WORKERS) -q \
	       cxlib notebooks casestudies || exit 1; \
	done

# The no-code track (book/no_code.md): printable A4 worksheets as PDF (headless Chromium prints
# book/worksheets/*.html) and the NPS/CSAT calculator as an Excel workbook with live formulas.
# The book build makes them too, when they are older than their sources.
worksheets: $(STAMP)
	$(BIN)/python book/_ext/worksheets.py _build/worksheets

# Lecture decks with speaker notes (book/slides/README.md): _build/slides/course_NNN_{en,zh}.pptx,
# editable 16:9 PowerPoint/WPS files, plus each deck's PDF and a 3-per-page handout rendered by
# LibreOffice (skipped, saying so, where soffice is missing). After editing a slide source's
# English: `$(BIN)/python book/_ext/slides.py update`, then translate what `... status` lists.
slides: $(STAMP)
	$(BIN)/python book/_ext/slides.py build

# The classroom kits (book/kit/*.toml, book/_ext/kit.py): every course's handouts, cards, forms,
# quiz sheets, answer keys, guide and lecture decks (make slides), each an A4 PDF per language,
# trainer-only files in trainer/, an index per course and language, in
# _build/kit/course_NNN/{zh,en}/. The quiz sheets
# and the guide are printed from the built site, so the book comes first. One file, quickly:
#   .venv/bin/python book/_ext/kit_build.py --course 002 --lang zh --only roleplay_cards
kit: $(STAMP) book slides
	$(BIN)/python book/_ext/kit_build.py

excel: $(STAMP)
	$(BIN)/python -c "from cxlib import workbook_excel; print(workbook_excel.write('_build/excel/nps_calculator.xlsx'))"

# The course in the browser (README.md, "Run in the browser"): JupyterLite + Pyodide 0.27.7 in
# _build/lite, every downloaded file checked against book/lite/sources.json and the official
# Pyodide lock. Its own venv (_build/lite-venv) and download cache (_build/lite-cache, ~100 MB the
# first time; a rebuild needs no network). `make book` then links each notebook page to it and
# copies it into _build/html/lite. `make test` and `make bundle` build it first. Run with the
# project's Python: the browser's Chinese font is cut from Noto Sans CJK with fontTools.
lite: $(STAMP)
	$(BIN)/python book/_ext/lite.py

# The whole book as PDF, without LaTeX: each edition built as one HTML page (notebooks executed)
# and printed by headless Chromium to _build/pdf/cx-workbook-en.pdf and cx-workbook-zh.pdf
# (book/_ext/pdf.py; checked by tests/test_pdf.py, which skips until this has run).
pdf: $(STAMP)
	$(BIN)/python book/_ext/pdf.py en zh

# The downloadable course: dist/cx-workbook-<version>.zip (site with the in-browser course,
# notebooks, data, worksheets, the classroom kits, cxlib wheel, the book as PDF). lite comes
# first so that the book links to it and carries it.
bundle: lite book worksheets excel pdf kit
	rm -f dist/cxlib-*.whl
	$(BIN)/python -m pip wheel --quiet --no-deps . -w dist
	$(BIN)/python book/_ext/bundle.py _build/html dist/cxlib-*.whl dist

# Speed against the hardware floor, as ratios measured in one run, then whether every default
# interval and test keeps its promise (benchmarks/coverage.py; not part of make test).
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/coverage.py

# Only the second half of bench: the coverage of every default interval and test (the book's
# appendix book/honest_numbers.md and the NPS chapter draw its CSV files).
coverage: $(STAMP)
	$(BIN)/python benchmarks/coverage.py

lint: $(STAMP)
	$(BIN)/ruff check cxlib tests datasets book/_ext benchmarks conftest.py
	$(BIN)/ruff format --check cxlib tests datasets book/_ext benchmarks conftest.py

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks

# Store fresh outputs in every notebook after editing one (then commit them).
notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace $(NOTEBOOKS)

# Re-create book/vendor/ from the npm registry (only when upgrading: the files are committed so
# that the site builds and works with no network). Versions are pinned here.
REQUIREJS := requirejs@2.3.7
MATHJAX := mathjax@3.2.2
HTML_MANAGER := @jupyter-widgets/html-manager@1.0.6
vendor:
	rm -rf book/vendor/requirejs book/vendor/mathjax book/vendor/html-manager
	tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent $(REQUIREJS) $(MATHJAX) $(HTML_MANAGER) >/dev/null \
	  && mkdir r m h && tar xzf requirejs-*.tgz -C r && tar xzf mathjax-*.tgz -C m \
	  && tar xzf jupyter-widgets-html-manager-*.tgz -C h && cd $(CURDIR)/book/vendor \
	  && mkdir -p requirejs mathjax/es5/output/chtml/fonts mathjax/es5/input/tex html-manager \
	  && cp $$tmp/r/package/require.js $$tmp/r/package/package.json requirejs/ \
	  && cp $$tmp/m/package/LICENSE $$tmp/m/package/package.json mathjax/ \
	  && cp $$tmp/m/package/es5/tex-mml-chtml.js mathjax/es5/ \
	  && cp -r $$tmp/m/package/es5/ui mathjax/es5/ \
	  && cp -r $$tmp/m/package/es5/input/tex/extensions mathjax/es5/input/tex/ \
	  && cp -r $$tmp/m/package/es5/output/chtml/fonts/woff-v2 mathjax/es5/output/chtml/fonts/ \
	  && cp $$tmp/h/package/LICENSE $$tmp/h/package/package.json html-manager/ \
	  && cp $$tmp/h/package/dist/embed-amd.js $$tmp/h/package/dist/*.woff2 \
	        $$tmp/h/package/dist/*.woff $$tmp/h/package/dist/*.ttf $$tmp/h/package/dist/*.eot \
	        $$tmp/h/package/dist/*.svg html-manager/ \
	  && rm -rf $$tmp
	du -sh book/vendor

clean:
	rm -rf _build dist
