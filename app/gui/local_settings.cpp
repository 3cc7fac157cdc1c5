#include "local_settings.h"

#include "document.h"
#include "echo_faults.h"

namespace gs::gui {

namespace {

// "service/ns/name" (a Service node's id) → the workspace's echo key "ns/name".
std::string serviceKey(const QString& serviceId)
{
    const QStringList parts = serviceId.split('/');
    return parts.size() == 3 && parts[0] == "service" ? (parts[1] + "/" + parts[2]).toStdString() : std::string();
}

}  // namespace

LocalSettings::LocalSettings(Document& document) : document_(document) { }

QString LocalSettings::echoFaults(const QString& serviceId) const
{
    const auto& echo = document_.workspace().echo;
    const auto it = echo.find(serviceKey(serviceId));
    return it == echo.end() ? QString() : QString::fromStdString(model::echoFaultsText(it->second.faults));
}

QString LocalSettings::echoFaultsError(const QString& text) const
{
    std::string error;
    return model::parseEchoFaults(text.trimmed().toStdString(), error) ? QString() : QString::fromStdString(error);
}

bool LocalSettings::setEchoFaults(const QString& serviceId, const QString& text)
{
    const std::string key = serviceKey(serviceId);
    std::string error;
    const auto faults = model::parseEchoFaults(text.trimmed().toStdString(), error);
    if (key.empty() || !faults) {
        document_.reportError(key.empty() ? tr("%1 is not a Service").arg(serviceId) : QString::fromStdString(error));
        return false;
    }
    runtime::config::EchoFaults& kept = document_.workspaceForEdit().echo[key].faults;
    if (kept == *faults)
        return true;
    kept = *faults;
    const QString name = QString::fromStdString(key);
    document_.keepWorkspace(faults->any() ? tr("%1's echo pods: %2 (local only, never exported)")
                                                .arg(name, QString::fromStdString(model::echoFaultsSummary(*faults)))
                                          : tr("%1's echo pods answer normally").arg(name),
                            Document::ReloadAfter::Yes);  // the gateway serves the new faults at once
    emit echoFaultsChanged();
    return true;
}

QVariantMap LocalSettings::trafficProfiles() const
{
    QVariantMap out;
    for (const auto& [name, settings] : document_.workspace().trafficProfiles) {
        QVariantMap m;
        for (const auto& [key, value] : settings)
            m[QString::fromStdString(key)] = QString::fromStdString(value);
        out[QString::fromStdString(name)] = m;
    }
    return out;
}

bool LocalSettings::saveTrafficProfile(const QString& name, const QVariantMap& settings)
{
    if (name.trimmed().isEmpty()) {
        document_.reportError(tr("A profile needs a name"));
        return false;
    }
    auto& profile = document_.workspaceForEdit().trafficProfiles[name.trimmed().toStdString()];
    profile.clear();
    for (auto it = settings.begin(); it != settings.end(); ++it)
        profile[it.key().toStdString()] = it.value().toString().toStdString();
    const QString said = document_.filePath().isEmpty()
        ? tr("Profile %1 kept; it is written with the workspace when you save").arg(name)
        : tr("Profile %1 saved in the workspace").arg(name);
    if (!document_.keepWorkspace(said, Document::ReloadAfter::No))
        return false;
    emit trafficProfilesChanged();
    return true;
}

model::RolloutPlan LocalSettings::rolloutPlan(const QString& routeId, int ruleIndex) const
{
    const QStringList parts = routeId.split('/');
    if (parts.size() != 3)
        return {};
    return document_.workspace().rolloutPlanFor({parts[1].toStdString(), parts[2].toStdString(), ruleIndex});
}

void LocalSettings::keepRolloutPlan(const model::RolloutPlan& plan)
{
    document_.workspaceForEdit().rollouts[plan.key()] = plan;
    document_.keepWorkspace({}, Document::ReloadAfter::No);
}

}  // namespace gs::gui
