// Phase timings of the model pipeline on one topology file: load + validate, translate, status
// output, export. Used by bench_model.sh; not a test.
//
//   bench_translate FILE [RUNS]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "controller/status_output.h"
#include "controller/translator.h"
#include "export/exporter.h"
#include "topology.h"

namespace {

template <typename F> double seconds(F&& f)
{
    const auto start = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_translate FILE [RUNS]\n");
        return 2;
    }
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 7;
    std::vector<double> load, translate, status, exported;
    std::size_t objects = 0, routes = 0;
    for (int i = 0; i < runs; ++i) {
        gs::model::Topology t;
        load.push_back(seconds([&] { t = gs::model::loadTopology(std::vector<std::string>{argv[1]}); }));
        gs::model::Translation tr;
        translate.push_back(seconds([&] { tr = gs::model::translate(t.objects, {}); }));
        std::string out;
        status.push_back(seconds([&] { out = gs::model::statusJson(t.objects, tr); }));
        exported.push_back(seconds([&] { out = gs::model::exportYaml(t.objects); }));
        objects = t.objects.size();
        routes = 0;
        for (const auto& g : tr.config.gateways)
            for (const auto& l : g.listeners)
                routes += l.httpRoutes.size() + l.grpcRoutes.size() + l.tlsRoutes.size() + (l.streamRoute ? 1 : 0);
    }
    std::printf("objects %zu, compiled route entries %zu, runs %d (medians)\n", objects, routes, runs);
    std::printf("load+validate %.3f s\ntranslate     %.3f s\nstatus json   %.3f s\nexport yaml   %.3f s\n", median(load),
                median(translate), median(status), median(exported));
    return 0;
}
