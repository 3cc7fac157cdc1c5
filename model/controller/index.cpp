// The translation's index of valid objects, and ReferenceGrant checks.

#include "controller/translation_state.h"

namespace gs::model::translation {

std::string keyOf(const Object& o) { return o.id.ns.empty() ? o.id.name : o.id.ns + "/" + o.id.name; }

Index buildIndex(const ObjectSet& objects)
{
    Index index;
    index.objects = &objects;
    for (const Object& o : objects.objects()) {
        if (o.hasErrors || o.id.name.empty())
            continue;  // the API server would have refused it
        const std::string& kind = o.id.kind;
        if (!o.known) {
            if (kind == "Deployment" && o.id.group == "apps")
                index.deployments.push_back(api::decodeDeployment(o));
            else if (kind == "EndpointSlice" && o.id.group == "discovery.k8s.io")
                index.endpointSlices.push_back(api::decodeEndpointSlice(o));
            else if (kind == "ConfigMap" && o.id.group.empty())
                index.configMaps[keyOf(o)] = &o;
            continue;
        }
        if (kind == "GatewayClass")
            index.classes.push_back(api::decodeGatewayClass(o));
        else if (kind == "Gateway")
            index.gateways.push_back(api::decodeGateway(o));
        else if (kind == "ListenerSet")
            index.listenerSets.push_back(api::decodeListenerSet(o));
        else if (o.known->isRoute())
            index.routes.push_back(api::decodeRoute(o));
        else if (kind == "ReferenceGrant")
            index.grants.push_back(api::decodeReferenceGrant(o));
        else if (kind == "BackendTLSPolicy")
            index.backendTlsPolicies.push_back(api::decodeBackendTLSPolicy(o));
        else if (kind == "Service")
            index.services[keyOf(o)] = api::decodeService(o);
        else if (kind == "Secret")
            index.secrets[keyOf(o)] = api::decodeSecret(o);
        else if (kind == "Namespace")
            index.namespaces[o.id.name] = api::decodeNamespace(o);
    }
    for (std::size_t i = 0; i < index.gateways.size(); ++i)
        index.gatewayByKey[keyOf(*index.gateways[i].object)] = i;
    for (std::size_t i = 0; i < index.classes.size(); ++i)
        index.classByName.emplace(index.classes[i].object->id.name, i);
    return index;
}

const api::GatewayClass* Index::findClass(const std::string& name) const
{
    auto it = classByName.find(name);
    return it == classByName.end() ? nullptr : &classes[it->second];
}

const api::Gateway* Index::findGateway(const std::string& ns, const std::string& name) const
{
    auto it = gatewayByKey.find(ns + "/" + name);
    return it == gatewayByKey.end() ? nullptr : &gateways[it->second];
}

const api::ListenerSet* Index::findListenerSet(const std::string& ns, const std::string& name) const
{
    for (const api::ListenerSet& s : listenerSets)
        if (s.object->id.ns == ns && s.object->id.name == name)
            return &s;
    return nullptr;
}

std::map<std::string, std::string> Index::namespaceLabels(const std::string& ns) const
{
    std::map<std::string, std::string> labels;
    if (auto it = namespaces.find(ns); it != namespaces.end())
        labels = it->second.labels;
    labels["kubernetes.io/metadata.name"] = ns;
    return labels;
}

std::size_t Index::indexOf(const Object* o) const { return std::size_t(o - objects->objects().data()); }

bool Index::referencePermitted(const std::string& fromGroup, const std::string& fromKind, const std::string& fromNs,
                               const std::string& toGroup, const std::string& toKind, const std::string& toNs,
                               const std::string& toName) const
{
    if (fromNs == toNs)
        return true;
    for (const api::ReferenceGrant& g : grants) {
        if (g.object->id.ns != toNs)
            continue;
        bool fromOk = false;
        for (const api::ReferenceGrant::From& f : g.from)
            fromOk = fromOk || (f.group == fromGroup && f.kind == fromKind && f.ns == fromNs);
        if (!fromOk)
            continue;
        for (const api::ReferenceGrant::To& t : g.to)
            if (t.group == toGroup && t.kind == toKind && (!t.name || *t.name == toName))
                return true;
    }
    return false;
}

bool ListenerState::admitsKind(const std::string& kind) const
{
    for (const Kind& k : supportedKinds)
        if (k.kind == kind)
            return true;
    return false;
}

std::string ListenerState::display() const { return ownerNamespace + "/" + ownerName + "/" + spec.name; }

std::string GatewayState::display() const { return keyOf(*spec->object); }

GatewayState* State::findGateway(const std::string& ns, const std::string& name)
{
    auto it = gatewayByKey.find(ns + "/" + name);
    return it == gatewayByKey.end() ? nullptr : it->second;
}

ObjectStatus& State::statusFor(const Object& o)
{
    const std::size_t i = index->indexOf(&o);
    ObjectStatus& s = statuses[i];
    s.objectIndex = i;
    return s;
}

Condition State::condition(const Object& o, std::string_view type, bool ok, std::string_view why, std::string message) const
{
    Condition c;
    c.type = std::string(type);
    c.status = ok ? ConditionStatus::True : ConditionStatus::False;
    c.reason = std::string(why);
    c.message = std::move(message);
    c.observedGeneration = api::generationOf(o);
    c.lastTransitionTime = options->now;
    return c;
}

}  // namespace gs::model::translation
