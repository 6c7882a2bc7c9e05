#pragma once

#include "daemon/offline/commandio.h"

namespace locust::offline {

// locust-operator render -f FILE... [-o yaml|json]
// Prints the Service, master Job and worker Job the operator would create for each LocustTest,
// with the operator configuration read from the environment as the operator reads it. Invalid
// tests are reported as by `validate` and nothing is printed (exit 1).
class RenderCommand
{
public:
    static CommandOutput run(const CommandInput &input);
    static QString usage();
};

} // namespace locust::offline
