# Sổ CĐS — every target does its own set-up on a fresh Debian 12 machine.
#   make run    start the app (under xvfb-run when there is no display)
#   make test   install what the tests need; lint, format and type checks of desktop/core; every test, offscreen
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# System libraries Qt needs (tech-notes), then what running under Xvfb adds, then the real programs tests use.
QT_DEBS := libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0
X_DEBS := xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 \
          libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0
TEST_DEBS := poppler-utils softhsm2 libreoffice-calc-nogui libreoffice-writer-nogui fonts-liberation2
# Bundle: readelf/nm, ICU shrinking (gcc, icupkg), NSIS; libcups2 for the print plugin's check (the bundle takes it
# from the system) and softhsm2 so the check signs through a PKCS#11 token too.
BUNDLE_DEBS := binutils nsis gcc icu-devtools desktop-file-utils libcups2 softhsm2

.PHONY: run test venv sysdeps-run sysdeps-test bench stress bundle installer-check screenshots guide-pdf lock clean help

help:
	@echo "make run | test | bench | stress | screenshots | guide-pdf | bundle | installer-check | lock | clean"

# Install missing Debian packages when root; otherwise print the exact command and stop.
define need_debs
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Cài các gói hệ thống còn thiếu: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "Thiếu gói hệ thống. Hãy chạy:"; echo "  sudo apt-get install --no-install-recommends $$(echo $$missing)"; exit 1; \
	  fi; \
	fi
endef

sysdeps-run:
	$(call need_debs,$(QT_DEBS) $(X_DEBS))

sysdeps-test:
	$(call need_debs,$(QT_DEBS) $(X_DEBS) $(TEST_DEBS))

$(STAMP): requirements/app.txt requirements/test.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --require-hashes -r requirements/app.txt -r requirements/test.txt
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	touch $(STAMP)

venv: $(STAMP)

run: sysdeps-run venv
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then $(VENV)/bin/socds $(ARGS); \
	else echo "Không có màn hình: chạy dưới xvfb-run"; xvfb-run -a -s "-screen 0 1366x768x24" $(VENV)/bin/socds $(ARGS); fi

# Each test is bounded by pytest-timeout (pyproject.toml); the whole run is bounded too, for a hang outside any
# test (threads joined at the interpreter's exit).
test: sysdeps-test venv
	$(PY) -m ruff check desktop/core
	$(PY) -m ruff format --check desktop/core
	$(PY) -m mypy
	QT_QPA_PLATFORM=offscreen timeout -k 30 1800 $(PY) -m pytest -q $(PYTEST_ARGS)

# The soak (tests/ui/test_soak_stress_or_kill.py) runs each mode SOCDS_SOAK_MINUTES (10 unless set), authority mode
# on a 1,000-school file; `make test` runs it for 45 s on the 8-school demo commune.
stress: sysdeps-test venv
	QT_QPA_PLATFORM=offscreen SOCDS_KILLS=200 SOCDS_SOAK_MINUTES=$${SOCDS_SOAK_MINUTES:-10} \
	  SOCDS_SOAK_SCHOOLS=$${SOCDS_SOAK_SCHOOLS:-1000} $(PY) -m pytest -q -rA tests -k stress_or_kill $(PYTEST_ARGS)

bench: sysdeps-test venv
	QT_QPA_PLATFORM=offscreen $(PY) bench/run_all.py

# Every screen (docs/screenshots/), the official documents' first pages (docs/screenshots/report-*.png, pdftoppm) and
# the user guide's pictures (docs/huong-dan/img/), from demo data in a temporary folder; not part of `make test`.
screenshots: sysdeps-run venv
	$(call need_debs,poppler-utils)
	QT_QPA_PLATFORM=offscreen $(PY) -m desktop.ui.screenshots docs/screenshots
	$(PY) build/report_pages.py docs/screenshots
	QT_QPA_PLATFORM=offscreen $(PY) build/guide_shots.py docs/huong-dan/img

# The user guide (docs/huong-dan/*.md with its pictures) as a printable PDF in the documents' typeface.
guide-pdf: venv
	$(VENV)/bin/socds guide-pdf --out build/dist/huong-dan-su-dung-so-cds.pdf

# Build the one-dir bundle (build/socds.spec), shrink ICU, run the built program (linked libraries, ICU answers,
# smoke, demo → export → sign (.p12 and token) → verify, commune aggregate), write the .tar.xz and
# build/dist/bundle-report.txt. Heavy: niced, and not part of `make test`.
bundle: sysdeps-run venv
	$(call need_debs,$(BUNDLE_DEBS))
	$(PY) -m pip install -q --require-hashes -r requirements/build.txt
	nice -n 10 $(PY) build/build.py $(BUNDLE_ARGS)

# Compile the NSIS script against a stand-in payload so a broken script is caught here; validate the .desktop.
installer-check:
	$(call need_debs,nsis desktop-file-utils)
	rm -rf build/work/stand-in && mkdir -p build/work/stand-in/_internal build/dist
	echo stand-in > build/work/stand-in/SoCDS.exe && echo stand-in > build/work/stand-in/socds-cli.exe
	echo stand-in > build/work/stand-in/_internal/stand-in.txt
	cd installer && makensis -V2 -WX -DVERSION=$$(sed -n 's/^__version__ = "\(.*\)"/\1/p' ../desktop/__init__.py) \
	  -DPAYLOAD=../build/work/stand-in -DOUTFILE=../build/work/SoCDS-installer-check.exe socds.nsi
	desktop-file-validate installer/socds.desktop
	@echo "installer-check: socds.nsi compiles, socds.desktop is valid"

lock: venv
	$(PY) -m pip install -q pip-tools
	for f in app test build; do $(VENV)/bin/pip-compile -q --generate-hashes --strip-extras --allow-unsafe requirements/$$f.in -o requirements/$$f.txt; done

clean:
	rm -rf $(VENV) build/work build/dist .pytest_cache .hypothesis
