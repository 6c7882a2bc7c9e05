#include "jsontestsupport.h"
#include "locusttestfixtures.h"
#include "resources/podvolumes.h"
#include "serialization/yamlreader.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using resources::PodVolumes;
using Role = api::naming::Role;
using testsupport::storedSpec;

namespace {

QStringList names(const QJsonArray &items)
{
    QStringList result;
    for (const QJsonValue &item : items)
        result << item.toObject().value(u"name").toString();
    return result;
}


// A spec decoded as written, without the CRD defaults storedSpec() applies, so that the builders'
// own fallbacks for unset fields run (the reconciler may see such a spec, e.g. from an older API server).
api::LocustTestSpecV2 undefaultedSpec(const QByteArray &yaml)
{
    const auto documents = serialization::YamlReader::readAll(yaml);
    if (!documents || documents->size() != 1)
        qFatal("test spec YAML does not parse: %s", yaml.constData());
    FieldErrorList errors;
    const api::LocustTestSpecV2 spec =
        api::LocustTestV2::specFromJson(documents->first().value.toObject(), u"spec"_s, &errors);
    if (!errors.isEmpty())
        qFatal("test spec does not decode: %s", qPrintable(errors.first().toString()));
    return spec;
}

} // namespace

class PodVolumesTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nothingToMount()
    {
        const PodVolumes volumes = PodVolumes::build(storedSpec("spec: {image: i}"), u"demo"_s, Role::Master);
        QVERIFY(volumes.volumes.isEmpty());
        QVERIFY(volumes.mounts.isEmpty());
    }

    void testFilesAndLibraryWithDefaultPaths()
    {
        // srcMountPath "" means the default path.
        const auto spec = storedSpec("spec: {image: i, testFiles: {configMapRef: scripts, libConfigMapRef: lib, "
                                     "srcMountPath: ''}}");
        const PodVolumes master = PodVolumes::build(spec, u"my.test"_s, Role::Master);
        LOCUST_COMPARE_JSON(master.volumes,
                            (QJsonArray{QJsonObject{{u"name"_s, u"my-test-master"_s},
                                                    {u"configMap"_s, QJsonObject{{u"name"_s, u"scripts"_s}}}},
                                        QJsonObject{{u"name"_s, u"locust-lib"_s},
                                                    {u"configMap"_s, QJsonObject{{u"name"_s, u"lib"_s}}}}}));
        LOCUST_COMPARE_JSON(master.mounts,
                            (QJsonArray{QJsonObject{{u"name"_s, u"my-test-master"_s}, {u"mountPath"_s, u"/lotest/src"_s}},
                                        QJsonObject{{u"name"_s, u"locust-lib"_s},
                                                    {u"mountPath"_s, u"/opt/locust/lib"_s}}}));
        QCOMPARE(names(PodVolumes::build(spec, u"my.test"_s, Role::Worker).volumes),
                 (QStringList{u"my-test-worker"_s, u"locust-lib"_s}));
    }

    void libraryOnly()
    {
        const auto spec = storedSpec("spec: {image: i, testFiles: {libConfigMapRef: lib, libMountPath: /opt/x}}");
        const PodVolumes volumes = PodVolumes::build(spec, u"demo"_s, Role::Worker);
        QCOMPARE(names(volumes.volumes), QStringList{u"locust-lib"_s});
        QCOMPARE(volumes.mounts.at(0).toObject().value(u"mountPath").toString(), u"/opt/x"_s);
    }

    void secretMountsOnBothRoles()
    {
        const auto spec = storedSpec("spec: {image: i, env: {secretMounts: [{name: tls.certs, mountPath: /certs}, "
                                     "{name: token, mountPath: /token, readOnly: false}]}}");
        for (const Role role : {Role::Master, Role::Worker}) {
            const PodVolumes volumes = PodVolumes::build(spec, u"demo"_s, role);
            LOCUST_COMPARE_JSON(volumes.volumes,
                                (QJsonArray{QJsonObject{{u"name"_s, u"secret-tls-certs"_s},
                                                        {u"secret"_s, QJsonObject{{u"secretName"_s, u"tls.certs"_s}}}},
                                            QJsonObject{{u"name"_s, u"secret-token"_s},
                                                        {u"secret"_s, QJsonObject{{u"secretName"_s, u"token"_s}}}}}));
            LOCUST_COMPARE_JSON(volumes.mounts,
                                (QJsonArray{QJsonObject{{u"name"_s, u"secret-tls-certs"_s},
                                                        {u"mountPath"_s, u"/certs"_s},
                                                        {u"readOnly"_s, true}},
                                            QJsonObject{{u"name"_s, u"secret-token"_s},
                                                        {u"mountPath"_s, u"/token"_s},
                                                        {u"readOnly"_s, false}}}));
        }
    }

    void userVolumesFilteredByTarget()
    {
        const auto spec = storedSpec("spec:\n  image: i\n  volumes:\n"
                                     "  - {name: both-vol, emptyDir: {}}\n"
                                     "  - {name: master-vol, emptyDir: {medium: Memory}}\n"
                                     "  - {name: worker-vol, hostPath: {path: /data}}\n"
                                     "  - {name: orphan, emptyDir: {}}\n"
                                     "  volumeMounts:\n"
                                     "  - {name: worker-vol, mountPath: /w, target: worker, readOnly: true}\n"
                                     "  - {name: master-vol, mountPath: /m, target: master}\n"
                                     "  - {name: both-vol, mountPath: /b}\n"
                                     "  - {name: both-vol, mountPath: /b2, subPath: sub, target: both}\n");
        const PodVolumes master = PodVolumes::build(spec, u"demo"_s, Role::Master);
        const PodVolumes worker = PodVolumes::build(spec, u"demo"_s, Role::Worker);
        // Volumes keep the spec order; mounts keep the volumeMounts order; target never leaks into pods.
        QCOMPARE(names(master.volumes), (QStringList{u"both-vol"_s, u"master-vol"_s}));
        QCOMPARE(names(worker.volumes), (QStringList{u"both-vol"_s, u"worker-vol"_s}));
        LOCUST_COMPARE_JSON(master.mounts,
                            (QJsonArray{QJsonObject{{u"name"_s, u"master-vol"_s}, {u"mountPath"_s, u"/m"_s}},
                                        QJsonObject{{u"name"_s, u"both-vol"_s}, {u"mountPath"_s, u"/b"_s}},
                                        QJsonObject{{u"name"_s, u"both-vol"_s},
                                                    {u"mountPath"_s, u"/b2"_s},
                                                    {u"subPath"_s, u"sub"_s}}}));
        LOCUST_COMPARE_JSON(worker.mounts.at(0), (QJsonObject{{u"name"_s, u"worker-vol"_s},
                                                              {u"mountPath"_s, u"/w"_s},
                                                              {u"readOnly"_s, true}}));
        // Volumes are copied verbatim.
        LOCUST_COMPARE_JSON(master.volumes.at(1), (QJsonObject{{u"name"_s, u"master-vol"_s},
                                                               {u"emptyDir"_s, QJsonObject{{u"medium"_s, u"Memory"_s}}}}));
    }

    // Without the CRD defaults: no target means every pod, no readOnly means read-only.
    void unsetTargetAndReadOnlyFallBackToTheDefaults()
    {
        const auto spec = undefaultedSpec("{image: i, env: {secretMounts: [{name: sec, mountPath: /sec}]}, "
                                          "volumes: [{name: data, emptyDir: {}}], volumeMounts: [{name: data, mountPath: /data}]}");
        QVERIFY(!spec.volumeMounts->first().target.has_value());
        QVERIFY(!spec.env->secretMounts->first().readOnly.has_value());
        for (const Role role : {Role::Master, Role::Worker}) {
            const PodVolumes volumes = PodVolumes::build(spec, u"demo"_s, role);
            QCOMPARE(names(volumes.volumes), (QStringList{u"secret-sec"_s, u"data"_s}));
            LOCUST_COMPARE_JSON(volumes.mounts,
                                (QJsonArray{QJsonObject{{u"name"_s, u"secret-sec"_s},
                                                        {u"mountPath"_s, u"/sec"_s},
                                                        {u"readOnly"_s, true}},
                                            QJsonObject{{u"name"_s, u"data"_s}, {u"mountPath"_s, u"/data"_s}}}));
        }
    }

    void operatorVolumesComeFirst()
    {
        const auto spec = storedSpec("spec:\n  image: i\n  testFiles: {configMapRef: s, libConfigMapRef: l}\n"
                                     "  env: {secretMounts: [{name: sec, mountPath: /sec}]}\n"
                                     "  volumes: [{name: data, emptyDir: {}}]\n"
                                     "  volumeMounts: [{name: data, mountPath: /data}]\n");
        const PodVolumes volumes = PodVolumes::build(spec, u"demo"_s, Role::Master);
        QCOMPARE(names(volumes.volumes),
                 (QStringList{u"demo-master"_s, u"locust-lib"_s, u"secret-sec"_s, u"data"_s}));
        QCOMPARE(names(volumes.mounts), names(volumes.volumes));
    }
};

QTEST_GUILESS_MAIN(PodVolumesTest)
#include "tst_podvolumes.moc"
