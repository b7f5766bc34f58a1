# bdg: the two commands a new machine needs are `make run` and `make test`.
SHELL   := /bin/bash
GO      ?= go
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
DATA    ?= ./var
ADDR    ?= 127.0.0.1:8080

.PHONY: build run test assets deps bench fuzz clean

## deps: install what bdg needs on Debian (ClickHouse server and client, Node.js for the assets)
deps:
	deploy/clickhouse.sh install
	scripts/ensure-node.sh

## assets: fetch ECharts and the bundler, pinned in assets/package-lock.json, and bundle the parts
## of ECharts that bdg draws with into assets/dist (never committed)
assets: assets/dist/echarts-bdg.min.js

# --include=dev: the bundler is a dev dependency, wanted even where NODE_ENV=production.
# --ignore-scripts: no package runs code at install (esbuild works without its postinstall),
# the same with Debian's npm and with recent npm, which asks before running install scripts.
assets/dist/echarts-bdg.min.js: assets/package.json assets/package-lock.json assets/build.mjs assets/src/echarts-bdg.js
	scripts/ensure-node.sh
	cd assets && npm ci --include=dev --ignore-scripts --no-audit --no-fund --loglevel=error
	cd assets && node build.mjs

## build: bin/bdg with the ECharts bundle embedded
build: assets
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o bin/bdg ./cmd/bdg

## run: set everything up, start bdg with the demo district on its own ClickHouse
run: deps build
	bin/bdg serve --demo --data $(DATA) --addr $(ADDR)

## test: start a throwaway ClickHouse, run go vet and every test against it, stop it
test:
	scripts/test.sh

## bench: national-scale benchmarks (see bench/)
bench: build
	@if [ -x bench/run.sh ]; then bench/run.sh; else echo "bench: not built yet"; exit 1; fi

clean:
	rm -rf bin assets/node_modules
	find assets/dist -type f ! -name .gitkeep -delete
