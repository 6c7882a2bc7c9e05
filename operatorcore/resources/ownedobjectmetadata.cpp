#include "resources/ownedobjectmetadata.h"

#include "api/naming.h"
#include "api/objectmetadata.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace locust::resources {

QJsonObject ownedObjectMetadata(const api::LocustTestV2 &test, const QString &name)
{
    QJsonObject metadata{{u"name"_s, name}};
    if (!test.namespaceName().isEmpty())
        metadata.insert(u"namespace"_s, test.namespaceName());
    metadata.insert(u"labels"_s, QJsonObject{{api::naming::managedByLabel.toString(), api::naming::managedByValue.toString()},
                                            {api::naming::testNameLabel.toString(), test.name()}});
    const QString uid = api::objectmetadata::uid(test.metadata);
    if (!uid.isEmpty()) {
        metadata.insert(u"ownerReferences"_s,
                        QJsonArray{QJsonObject{
                            {u"apiVersion"_s, api::naming::apiVersionV2.toString()},
                            {u"kind"_s, api::naming::kind.toString()},
                            {u"name"_s, test.name()},
                            {u"uid"_s, uid},
                            {u"controller"_s, true},
                            {u"blockOwnerDeletion"_s, true},
                        }});
    }
    return metadata;
}

} // namespace locust::resources
