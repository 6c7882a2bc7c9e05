#pragma once

#include "daemon/offline/commandio.h"

namespace locust::offline {

// locust-operator convert --to v1|v2 -f FILE... [-o yaml|json]
// Prints every object of the input with each LocustTest converted to the requested version (other
// objects pass through unchanged, so the output can go straight to kubectl apply). Converting to
// v1 keeps what v1 cannot express in an annotation, so converting back restores it. Input that
// would lose data (unknown fields, wrong types) is refused with exit 1 and nothing printed.
class ConvertCommand
{
public:
    static CommandOutput run(const CommandInput &input);
    static QString usage();
};

} // namespace locust::offline
