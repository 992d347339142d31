#!/bin/sh
# Crash-test command. Appends "start" and "end" lines to $LEDGER and holds a per-instance
# flock for its whole life, inherited by its background child, so an attempt that overlaps
# a leftover of an earlier attempt of the same instance cannot take the lock: it writes
# OVERLAP and fails.
#
# Its output (for the log store's check, crash_test.py expected_log): 200 numbered lines and
# a last line without a newline, written before anything else.
i=1
while [ $i -le 200 ]; do
  echo "log $BF_INSTANCE $BF_ATTEMPT $i"
  i=$((i + 1))
done
printf 'final %s %s' "$BF_INSTANCE" "$BF_ATTEMPT"
exec 9>>"$LEDGER_DIR/$BF_INSTANCE.lock"
if ! flock -n 9; then
  echo "OVERLAP $BF_INSTANCE $BF_ATTEMPT $$" >> "$LEDGER"
  exit 1
fi
echo "start $BF_INSTANCE $BF_ATTEMPT $$" >> "$LEDGER"
# A child in the same process group keeps the lock too: only killing the group frees it.
sleep "${LEDGER_SLEEP:-0.$(( ($$ % 4) + 1 ))}" &
wait
echo "end $BF_INSTANCE $BF_ATTEMPT $$" >> "$LEDGER"
