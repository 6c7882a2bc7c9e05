#include "resources/testresources.h"

#include "resources/jobbuilder.h"
#include "resources/servicebuilder.h"

namespace locust::resources {

TestResources TestResources::build(const api::LocustTestV2 &test, const config::OperatorConfig &config)
{
    return TestResources{
        ServiceBuilder::build(test, config),
        JobBuilder::build(test, config, api::naming::Role::Master),
        JobBuilder::build(test, config, api::naming::Role::Worker),
    };
}

} // namespace locust::resources
