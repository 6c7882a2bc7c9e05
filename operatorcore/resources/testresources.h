#pragma once

#include "api/locusttestv2.h"
#include "config/operatorconfig.h"

#include <QJsonObject>
#include <QList>

namespace locust::resources {

// Everything the operator creates for one LocustTest, in creation order: the master Service, the
// master Job, the worker Job. Pure: the same test and configuration always give the same objects.
struct TestResources
{
    QJsonObject service;
    QJsonObject masterJob;
    QJsonObject workerJob;

    QList<QJsonObject> inCreationOrder() const { return {service, masterJob, workerJob}; }

    static TestResources build(const api::LocustTestV2 &test, const config::OperatorConfig &config);
};

} // namespace locust::resources
