#pragma once
// What Help → About says: the version, the licence, the Gateway API version the model follows,
// the Qt it runs on, and where to read more.

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace gs::gui {

class AppInfo : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString version READ version CONSTANT)
    Q_PROPERTY(QString gatewayApiVersion READ gatewayApiVersion CONSTANT)
    Q_PROPERTY(QString qtVersion READ qtVersion CONSTANT)
    Q_PROPERTY(QString licence READ licence CONSTANT)
    Q_PROPERTY(QString licenceUrl READ licenceUrl CONSTANT)
    Q_PROPERTY(QString specUrl READ specUrl CONSTANT)

public:
    explicit AppInfo(QObject* parent = nullptr) : QObject(parent) { }

    QString version() const;
    QString gatewayApiVersion() const;
    QString qtVersion() const;
    QString licence() const { return QStringLiteral("Apache License 2.0"); }
    QString licenceUrl() const { return QStringLiteral("https://www.apache.org/licenses/LICENSE-2.0"); }
    QString specUrl() const { return QStringLiteral("https://gateway-api.sigs.k8s.io/"); }
};

}  // namespace gs::gui
