#pragma once
// What a Document keeps beside its YAML and never exports (`document.local` in QML), in the
// workspace file (`<name>.gwstudio.json`): the faults a Service's echo pods inject, the traffic
// generator's profiles, and the rollout plan of each weighted rule. Setting faults applies them
// live (the Document reloads and the local gateway follows). Written at once when the document has
// a file, else with the workspace at the first save.

#include <QObject>
#include <QString>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include "rollout_plan.h"

namespace gs::gui {

class Document;

class LocalSettings : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("A Document's local settings: document.local")

public:
    explicit LocalSettings(Document& document);

    // The faults a Service's echo pods inject (model/echo_faults.h text form, "" for none). False
    // (and the error reported) when the text is not valid or `serviceId` is not a Service's.
    Q_INVOKABLE QString echoFaults(const QString& serviceId) const;
    Q_INVOKABLE QString echoFaultsError(const QString& text) const;
    Q_INVOKABLE bool setEchoFaults(const QString& serviceId, const QString& text);
    // The traffic generator's profiles (name → settings).
    Q_INVOKABLE QVariantMap trafficProfiles() const;
    Q_INVOKABLE bool saveTrafficProfile(const QString& name, const QVariantMap& settings);
    // A rule's rollout plan (defaults when none is kept), and keeping one.
    model::RolloutPlan rolloutPlan(const QString& routeId, int ruleIndex) const;
    void keepRolloutPlan(const model::RolloutPlan& plan);

signals:
    void echoFaultsChanged();
    void trafficProfilesChanged();

private:
    Document& document_;
};

}  // namespace gs::gui
