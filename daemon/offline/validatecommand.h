#pragma once

#include "daemon/offline/commandio.h"

namespace locust::offline {

// locust-operator validate -f FILE...
// Checks every LocustTest (v1 or v2) as the cluster and the operator's admission webhook would,
// with the CRD defaults applied first. Exit 0 when all are valid, 1 with one line per field error
// on stderr when not, 2 on a usage, read or parse error. Warnings go to stderr and do not fail.
class ValidateCommand
{
public:
    static CommandOutput run(const CommandInput &input);
    static QString usage();
};

} // namespace locust::offline
