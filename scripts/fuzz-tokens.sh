#!/usr/bin/env bash
# Fuzzing of the token parser (`npm run fuzz`).
#
# Where a nightly toolchain exists: cargo-fuzz (libFuzzer) on the parse entry
# point, fuzz/fuzz_targets/parse_token.rs, for FUZZ_SECONDS (default 600),
# starting from the seeds in fuzz/corpus/parse_token; what it learns goes to
# target/fuzz-corpus, crashes to fuzz/artifacts. cargo-fuzz itself is
# installed from crates.io when missing.
#
# Elsewhere (stable only; CI runs 120k cases of it in `cargo test`): the
# property test tests/robustness.rs with TOKEN_FUZZ_CASES cases (default
# 5 million, ~10 minutes in release).
set -euo pipefail
cd "$(dirname "$0")/.."

property_run() {
  echo "fuzz: $1; running the property test instead (${TOKEN_FUZZ_CASES:-5000000} cases)" >&2
  TOKEN_FUZZ_CASES="${TOKEN_FUZZ_CASES:-5000000}" \
    cargo test --release -p agora-convoai-core --test robustness -- --nocapture
}

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  property_run "no nightly toolchain (cargo-fuzz needs one)"
  exit
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz from crates.io" >&2
  if ! cargo install cargo-fuzz --locked; then
    property_run "cargo-fuzz could not be installed"
    exit
  fi
fi
mkdir -p target/fuzz-corpus/parse_token
# The first corpus folder takes what libFuzzer finds; the seeds stay as committed.
cargo +nightly fuzz run parse_token target/fuzz-corpus/parse_token fuzz/corpus/parse_token -- \
  -max_total_time="${FUZZ_SECONDS:-600}" -max_len=8192 -timeout=1
