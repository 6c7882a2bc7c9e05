#pragma once

#include "api/locusttestv2.h"

#include <QStringList>

// The Locust container's argument vectors (review item C1). They stay lists end to end: the
// command seed is split on whitespace once, and every extraArg is appended verbatim, so an argument
// containing a space survives. They go into the container's `args`; the image's entrypoint is
// `locust`.
namespace locust::resources::commandargs {

// Splits on runs of whitespace and drops empty tokens, like Go's strings.Fields. No shell quoting:
// quotes are ordinary characters.
QStringList splitCommand(const QString &command);

// seed, [--otel], --master, --master-port=5557, --expect-workers=N, [--autostart],
// [--autoquit T], --enable-rebalancing, --only-summary, extraArgs...
QStringList master(const api::LocustTestSpecV2 &spec);
// seed, [--otel], --worker, --master-port=5557, --master-host=<cr>-master, extraArgs...
QStringList worker(const api::LocustTestSpecV2 &spec, const QString &crName);

} // namespace locust::resources::commandargs
