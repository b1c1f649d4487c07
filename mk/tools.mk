# Makefile fragment: the external validators and triple stores the test suite runs for real.
#
#   make tools          install raptor2-utils, libapache-jena-java (+ a JRE) and
#                       virtuoso-opensource when missing, then set up riot under .tools/
#   make tools TOOLS_FORCE=1   run the apt-get step even when everything looks present
#
# Quick and idempotent when everything is present. Root runs apt-get directly; other users
# go through sudo when it exists. Without apt-get (not Debian/Ubuntu) it prints what is
# missing and carries on, so the tests then fail with "run make tools" (or skip under
# KG_ALLOW_MISSING_TOOLS=1).

TOOLS_ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))..)
TOOLS_DIR ?= $(TOOLS_ROOT)/.tools
TOOLS_JAVA_DIR ?= /usr/share/java
TOOLS_FORCE ?=
TOOLS_VIRTUOSO_DBA_PASSWORD ?= dba

.PHONY: tools tools-debian tools-jena

tools: tools-debian
	@$(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST)) tools-jena

tools-debian:
	@set -e; \
	missing=""; \
	command -v rapper >/dev/null 2>&1 || missing="$$missing raptor2-utils"; \
	test -f $(TOOLS_JAVA_DIR)/jena-core.jar || missing="$$missing libapache-jena-java"; \
	command -v virtuoso-t >/dev/null 2>&1 || missing="$$missing virtuoso-opensource"; \
	if [ -n "$(TOOLS_FORCE)" ]; then missing=" raptor2-utils libapache-jena-java virtuoso-opensource"; fi; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	if [ -z "$$missing" ]; then echo "tools: rapper, Jena, java and virtuoso-t are present"; exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
	  echo "tools: apt-get not available; install these by hand:$$missing (skipping)"; exit 0; \
	fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; \
	else echo "tools: need root or sudo to install:$$missing" >&2; exit 1; fi; \
	case " $$missing " in *" virtuoso-opensource "*) \
	  echo "tools: preseeding the Virtuoso dba password"; \
	  printf '%s\n' \
	    'virtuoso-opensource-7 virtuoso-opensource-7/dba-password password $(TOOLS_VIRTUOSO_DBA_PASSWORD)' \
	    'virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password $(TOOLS_VIRTUOSO_DBA_PASSWORD)' \
	    | $$SUDO debconf-set-selections;; \
	esac; \
	echo "tools: apt-get install$$missing"; \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q; \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing

# riot: Debian's Jena jars need a hand-made classpath and a resource fix (see .ci/jena-setup).
# Rebuilt when the script or Debian's jena-core.jar changes.
tools-jena:
	@if [ -f $(TOOLS_JAVA_DIR)/jena-core.jar ]; then \
	  $(MAKE) -s --no-print-directory -f $(firstword $(MAKEFILE_LIST)) $(TOOLS_DIR)/jena/classpath $(TOOLS_DIR)/bin/riot; \
	else \
	  echo "tools: $(TOOLS_JAVA_DIR)/jena-core.jar missing; riot not set up (skipping)"; \
	fi

$(TOOLS_DIR)/jena/classpath: $(TOOLS_ROOT)/.ci/jena-setup $(wildcard $(TOOLS_JAVA_DIR)/jena-core.jar)
	JAVA_DIR=$(TOOLS_JAVA_DIR) bash $(TOOLS_ROOT)/.ci/jena-setup $(TOOLS_DIR)

$(TOOLS_DIR)/bin/riot: $(TOOLS_DIR)/jena/classpath
	@test -x $@ || JAVA_DIR=$(TOOLS_JAVA_DIR) bash $(TOOLS_ROOT)/.ci/jena-setup $(TOOLS_DIR)
