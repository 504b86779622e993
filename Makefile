# VaeOnnx — train a VAE on MNIST with TorchSharp, serve and evaluate it through ONNX Runtime.
# `make train evaluate` is the main job; `make test` is what CI runs. Variables pass options through:
#   make train EPOCHS=5 DEVICE=cpu THREADS=1 DATA=/usr/share/datasets/fashion-mnist
#   make evaluate SAMPLE_SIZE=1000
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
DOTNET ?= dotnet
CONFIG ?= Release
MODELS ?= models
REPORTS ?= reports
BIN = bin/$(CONFIG)/net10.0/linux-x64

# Optional pass-through switches: only those set on the command line (or in the environment) are passed.
opt = $(if $($(1)),--$(2) $($(1)))
TRAIN_OPTS = $(call opt,ARCH,arch) $(if $(filter 1 true yes,$(CONDITIONAL)),--conditional) $(call opt,BETA,beta) $(call opt,PRECISION,precision) \
  $(call opt,EPOCHS,epochs) $(call opt,BATCH_SIZE,batch-size) $(call opt,LATENT_DIM,latent-dim) \
  $(call opt,HIDDEN_DIM,hidden-dim) $(call opt,LR,lr) $(call opt,SEED,seed) $(call opt,DATA,data) \
  $(call opt,DEVICE,device) $(call opt,THREADS,threads) $(call opt,TRAIN_LIMIT,train-limit) \
  $(call opt,TEST_LIMIT,test-limit) $(if $(RESUME),--resume $(RESUME)) --out $(MODELS)

.PHONY: all build train evaluate vae serve bench zoo test clean help

all: build

help:
	@echo "make train evaluate   train 20 epochs on data/mnist, export ONNX, evaluate into $(REPORTS)/"
	@echo "make vae ARGS=\"...\"     run the vae CLI (info, encode, decode, generate, interpolate, manifold, bench)"
	@echo "make serve            HTTP API and latent-space explorer on http://127.0.0.1:5080"
	@echo "make bench            measure training and inference speed, soak the server, into bench/results/ (against PyTorch when present)"
	@echo "make zoo              train and evaluate the model family side by side into reports/zoo/ (ZOO_EPOCHS, ZOO)"
	@echo "make pack             NuGet packages of the inference library (+ Contract, Data) into artifacts/packages/"
	@echo "make test             build and run every test"
	@echo "make clean            remove build outputs and generated models/reports"
	@echo "Variables: ARCH CONDITIONAL BETA PRECISION EPOCHS BATCH_SIZE LATENT_DIM HIDDEN_DIM LR SEED DATA DEVICE THREADS TRAIN_LIMIT TEST_LIMIT RESUME MODELS REPORTS ARGS"

build:
	$(DOTNET) build VaeOnnx.sln -c $(CONFIG) --nologo -v quiet -clp:NoSummary

train:
	$(DOTNET) build trainer/VaeOnnx.Trainer -c $(CONFIG) --nologo -v quiet -clp:NoSummary
	$(DOTNET) trainer/VaeOnnx.Trainer/$(BIN)/vae-train.dll $(TRAIN_OPTS) $(ARGS)

# The `vae` CLI over the trained models, e.g. make vae ARGS="generate -n 25 --seed 42 --out grid.png"
vae:
	$(DOTNET) build inference/VaeOnnx.Cli -c $(CONFIG) --nologo -v quiet -clp:NoSummary
	$(DOTNET) inference/VaeOnnx.Cli/$(BIN)/vae.dll $(ARGS)

# HTTP API + latent-space explorer on http://127.0.0.1:5080 (URLS=... to change); Ctrl+C stops it.
serve:
	$(DOTNET) build inference/VaeOnnx.Cli -c $(CONFIG) --nologo -v quiet -clp:NoSummary
	$(DOTNET) inference/VaeOnnx.Cli/$(BIN)/vae.dll serve --models $(MODELS) --urls $(or $(URLS),http://127.0.0.1:5080) \
	  $(call opt,DEVICE,device) $(call opt,THREADS,threads) $(call opt,DATA,data) $(ARGS)

# Measures this machine (matmul ceiling, training speed and step breakdown, inference, the server under load and in a
# 60 s soak, end to end) and writes bench/results/<date>-<host>.{json,md}; exits 1 when the soak fails (ARGS="--soak-seconds 0"
# skips it). Takes a few minutes; not part of `make test`.
bench: build
	@bench/pytorch/setup.sh
	$(DOTNET) bench/VaeOnnx.Benchmarks/$(BIN)/vae-bench.dll --data $(or $(DATA),data/mnist) --out bench/results \
	  --trainer trainer/VaeOnnx.Trainer/$(BIN)/vae-train.dll --evaluator evaluation/VaeOnnx.Evaluation/$(BIN)/vae-evaluate.dll \
	  --vae inference/VaeOnnx.Cli/$(BIN)/vae.dll $(ARGS)

# The family side by side: every member trained (ZOO_EPOCHS, default 10) and evaluated into models/zoo and reports/zoo,
# then reports/zoo/index.html. ZOO=mlp-2,conv-2 picks members; members already up to date are not retrained.
zoo: build
	$(DOTNET) bench/VaeOnnx.Benchmarks/$(BIN)/vae-bench.dll zoo --epochs $(or $(ZOO_EPOCHS),10) $(if $(ZOO),--members $(ZOO)) \
	  --data $(or $(DATA),data/mnist) --trainer trainer/VaeOnnx.Trainer/$(BIN)/vae-train.dll \
	  --evaluator evaluation/VaeOnnx.Evaluation/$(BIN)/vae-evaluate.dll --vae inference/VaeOnnx.Cli/$(BIN)/vae.dll \
	  $(call opt,THREADS,threads) $(ARGS)

EVAL_OPTS = $(call opt,SAMPLE_SIZE,sample-size) $(call opt,DATA,data) $(call opt,DEVICE,device) $(call opt,THREADS,threads) \
  --models $(MODELS) --out $(REPORTS)

evaluate:
	$(DOTNET) build evaluation/VaeOnnx.Evaluation -c $(CONFIG) --nologo -v quiet -clp:NoSummary
	$(DOTNET) evaluation/VaeOnnx.Evaluation/$(BIN)/vae-evaluate.dll $(EVAL_OPTS) $(ARGS)

# NuGet packages of the embeddable library and what it needs of the project (VaeOnnx.Contract, VaeOnnx.Data), with
# symbols (.snupkg), into artifacts/packages/ (PACKAGES=DIR elsewhere); PACKAGE_VERSION=0.2.0-rc.1 versions all three.
# The zips are reproducible: their timestamps are the last commit's (SOURCE_DATE_EPOCH) unless set already.
.PHONY: pack
pack:
	@export SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null)}; \
	for project in core/VaeOnnx.Contract core/VaeOnnx.Data inference/VaeOnnx.Inference; do \
	  $(DOTNET) pack $$project -c $(CONFIG) --nologo -v quiet -clp:NoSummary -o $(or $(PACKAGES),artifacts/packages) \
	    $(if $(PACKAGE_VERSION),-p:Version=$(PACKAGE_VERSION)) $(ARGS) || exit 1; \
	done

# Runs every test project and closes with one line "N passed, N failed" summed over them, after the names of the
# failed tests (so the tail of a CI log says which).
test:
	@$(DOTNET) build VaeOnnx.sln -c $(CONFIG) --nologo -v quiet -clp:NoSummary
	@set +e; $(DOTNET) test VaeOnnx.sln -c $(CONFIG) --no-build --nologo 2>&1 | tee .test-output.log; status=$$?; \
	awk '/^  Failed .* \[[^]]*\]$$/ { name = substr($$0, 10); sub(/ \[[^]]*\]$$/, "", name); names = names "  failed: " name "\n" } \
	     /^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($$i == "Failed:") f += $$(i+1); if ($$i == "Passed:") p += $$(i+1); if ($$i == "Skipped:") s += $$(i+1) } } \
	     END { printf "%s%d passed, %d failed, %d skipped\n", names, p, f, s }' .test-output.log; \
	rm -f .test-output.log; exit $$status

clean:
	$(DOTNET) clean VaeOnnx.sln -c $(CONFIG) --nologo -v quiet
	find . -path '*/node_modules' -prune -o \( -name bin -o -name obj \) -type d -print | xargs rm -rf
	rm -rf $(REPORTS) bench/results/*.tmp
	find $(MODELS) -mindepth 1 ! -name README.md -delete
