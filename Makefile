# Lectern — the two commands a user needs: `make run` and `make test`.
# Both first install missing system packages (Debian/Ubuntu, apt-get; sudo when not root).

SWIFT     ?= swift
PREFIX    ?= /usr/local
APT_PKGS  := libncurses-dev libopenblas-dev zlib1g-dev tmux
RELEASE   := .build/release/lectern
export SWIFT_BACKTRACE ?= interactive=no

.PHONY: run test tsan deps build release install uninstall check-lessons bench clean

run: deps release
	$(RELEASE)

test: deps
	$(SWIFT) build
	$(SWIFT) test
	bash Tests/e2e/run.sh .build/debug/lectern

# The runners, engine and jobs under ThreadSanitizer (its own build folder, so the normal build stays).
tsan: deps
	$(SWIFT) test --scratch-path .build-tsan --sanitize=thread --filter 'TrainingRunner|LabJob|Word2VecJob|GDJob|GDAndWord2VecJob'

# Installs only what `dpkg -s` says is missing, so it costs nothing on a ready machine.
deps:
	@missing=""; \
	for p in $(APT_PKGS); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if ! command -v apt-get >/dev/null 2>&1; then \
	    echo "Missing system packages:$$missing — install them with your package manager." >&2; exit 1; \
	  fi; \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
	  echo "Installing:$$missing"; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	else \
	  echo "System packages present:$(foreach p,$(APT_PKGS), $(p))"; \
	fi

build: deps
	$(SWIFT) build

release:
	$(SWIFT) build -c release

install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/lectern
	install -m 755 $(RELEASE) $(DESTDIR)$(PREFIX)/bin/lectern
	rm -rf $(DESTDIR)$(PREFIX)/share/lectern/Lessons $(DESTDIR)$(PREFIX)/share/lectern/assets
	cp -R Lessons assets $(DESTDIR)$(PREFIX)/share/lectern/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/lectern
	rm -rf $(DESTDIR)$(PREFIX)/share/lectern

check-lessons:
	$(SWIFT) run lectern lessons check

bench: release
	$(RELEASE) bench ui

clean:
	rm -rf .build
