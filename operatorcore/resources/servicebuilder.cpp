#include "resources/servicebuilder.h"

#include "api/naming.h"
#include "resources/ownedobjectmetadata.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace locust::resources {

namespace naming = api::naming;

namespace {

QJsonObject servicePort(QStringView name, int port)
{
    return QJsonObject{{u"name"_s, name.toString()}, {u"protocol"_s, u"TCP"_s}, {u"port"_s, port}};
}

} // namespace

QJsonObject ServiceBuilder::build(const api::LocustTestV2 &test, const config::OperatorConfig &config)
{
    const QString name = naming::generatedNodeName(test.name(), naming::Role::Master);
    QJsonArray ports{servicePort(naming::masterPortName, naming::masterPort),
                     servicePort(naming::masterBindPortName, naming::masterBindPort)};
    if (!test.spec || !test.spec->openTelemetryEnabled())
        ports.append(servicePort(naming::metricsPortName, config.metricsExporterPort));
    return QJsonObject{
        {u"apiVersion"_s, u"v1"_s},
        {u"kind"_s, u"Service"_s},
        {u"metadata"_s, ownedObjectMetadata(test, name)},
        {u"spec"_s,
         QJsonObject{
             {u"selector"_s, QJsonObject{{naming::podNameLabel.toString(), name}}},
             {u"ports"_s, ports},
         }},
    };
}

} // namespace locust::resources
