#!/usr/bin/env bash
# Longer run of the token parser property test (CI runs 120k cases):
#   npm run fuzz            # 5 million cases
#   npm run fuzz -- 50000000
set -euo pipefail
cd "$(dirname "$0")/.."
TOKEN_FUZZ_CASES="${1:-5000000}" cargo test --release -p agora-convoai-core --test robustness -- --nocapture
