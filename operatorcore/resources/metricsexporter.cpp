#include "resources/metricsexporter.h"

#include "api/naming.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace locust::resources::metricsexporter {

QJsonObject container(const config::OperatorConfig &config)
{
    const int port = config.metricsExporterPort;
    QJsonObject container{
        {u"name"_s, api::naming::metricsExporterContainerName.toString()},
        {u"image"_s, config.metricsExporterImage},
        {u"imagePullPolicy"_s, config.metricsExporterImagePullPolicy},
        {u"restartPolicy"_s, u"Always"_s},
        {u"ports"_s, QJsonArray{QJsonObject{{u"containerPort"_s, port}}}},
        {u"env"_s,
         QJsonArray{
             QJsonObject{{u"name"_s, u"LOCUST_EXPORTER_URI"_s},
                         {u"value"_s, u"http://localhost:%1"_s.arg(api::naming::webUiPort)}},
             QJsonObject{{u"name"_s, u"LOCUST_EXPORTER_WEB_LISTEN_ADDRESS"_s}, {u"value"_s, u":%1"_s.arg(port)}},
         }},
        {u"securityContext"_s,
         QJsonObject{
             {u"allowPrivilegeEscalation"_s, false},
             {u"capabilities"_s, QJsonObject{{u"drop"_s, QJsonArray{u"ALL"_s}}}},
             {u"readOnlyRootFilesystem"_s, true},
         }},
    };
    const QJsonObject resources = config.metricsExporterResources.toJson();
    if (!resources.isEmpty())
        container.insert(u"resources"_s, resources);
    return container;
}

} // namespace locust::resources::metricsexporter
