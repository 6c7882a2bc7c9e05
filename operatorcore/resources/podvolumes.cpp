#include "resources/podvolumes.h"

#include "api/mountpaths.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace locust::resources {

using api::naming::Role;

PodVolumes PodVolumes::build(const api::LocustTestSpecV2 &spec, const QString &crName, Role role)
{
    PodVolumes result;
    if (api::mountpaths::usesTestFilesConfigMap(spec)) {
        const QString name = api::naming::generatedNodeName(crName, role);
        result.volumes.append(QJsonObject{{u"name"_s, name},
                                          {u"configMap"_s, QJsonObject{{u"name"_s, *spec.testFiles->configMapRef}}}});
        result.mounts.append(QJsonObject{{u"name"_s, name}, {u"mountPath"_s, api::mountpaths::srcMountPath(spec)}});
    }
    if (api::mountpaths::usesLibConfigMap(spec)) {
        const QString name = api::naming::libVolumeName.toString();
        result.volumes.append(QJsonObject{{u"name"_s, name},
                                          {u"configMap"_s, QJsonObject{{u"name"_s, *spec.testFiles->libConfigMapRef}}}});
        result.mounts.append(QJsonObject{{u"name"_s, name}, {u"mountPath"_s, api::mountpaths::libMountPath(spec)}});
    }
    if (spec.env && spec.env->secretMounts) {
        for (const api::SecretMount &secretMount : *spec.env->secretMounts) {
            const QString secretName = secretMount.name.value_or(QString());
            const QString name = api::naming::secretVolumeName(secretName);
            result.volumes.append(QJsonObject{{u"name"_s, name},
                                              {u"secret"_s, QJsonObject{{u"secretName"_s, secretName}}}});
            result.mounts.append(QJsonObject{{u"name"_s, name},
                                             {u"mountPath"_s, secretMount.mountPath.value_or(QString())},
                                             {u"readOnly"_s, secretMount.readOnly.value_or(true)}});
        }
    }

    QSet<QString> mountedHere;
    for (const api::TargetedVolumeMount &mount : spec.volumeMounts.value_or(QList<api::TargetedVolumeMount>())) {
        if (!mount.appliesTo(role))
            continue;
        mountedHere.insert(mount.name());
        result.mounts.append(mount.mount); // the VolumeMount fields, without target
    }
    for (const QJsonValue &volume : spec.volumes.value_or(QJsonArray())) {
        if (mountedHere.contains(volume.toObject().value(u"name").toString()))
            result.volumes.append(volume);
    }
    return result;
}

} // namespace locust::resources
