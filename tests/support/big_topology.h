#pragma once
// A big Gateway API workspace for the graph-at-scale tests and journeys: one GatewayClass,
// GATEWAYS Gateways (gw-G, one HTTP listener) in ten namespaces (team-G%10), and ROUTES HTTPRoutes
// dealt round the Gateways (route-G-K is the K-th route of gw-G, in its namespace), each with a
// Service of its own (svc-G-K). 1 + GATEWAYS + 2 × ROUTES objects; the same arguments always give
// the same text.
#include <string>

namespace gs::testing {

inline std::string bigTopology(int gateways, int routes)
{
    std::string y = "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata:\n  name: studio\n"
                    "spec:\n  controllerName: gateway-studio.dev/controller\n";
    for (int g = 0; g < gateways; ++g)
        y += "---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: gw-" + std::to_string(g) +
            "\n  namespace: team-" + std::to_string(g % 10) +
            "\nspec:\n  gatewayClassName: studio\n  listeners:\n    - name: http\n      protocol: HTTP\n      port: 80\n";
    for (int i = 0; i < routes; ++i) {
        const std::string g = std::to_string(i % gateways), k = std::to_string(i / gateways);
        const std::string ns = "team-" + std::to_string(i % gateways % 10);
        y += "---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: route-" + g + "-" + k +
            "\n  namespace: " + ns + "\nspec:\n  parentRefs:\n    - name: gw-" + g + "\n  hostnames: [\"r" + k + ".gw-" + g +
            ".example.com\"]\n  rules:\n    - backendRefs:\n        - name: svc-" + g + "-" + k + "\n          port: 80\n";
        y += "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-" + g + "-" + k + "\n  namespace: " + ns +
            "\nspec:\n  ports:\n    - port: 80\n";
    }
    return y;
}

}  // namespace gs::testing
