// Times the editor's open of a large topology, stage by stage: load + validate, translate, graph,
// layout (Graphviz), and the whole Document::openFile. Usage: bench_editor FILE.yaml
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>

#include <cstdio>

#include "document.h"
#include "graph.h"
#include "graph_scene.h"

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_editor FILE.yaml\n");
        return 2;
    }
    QFile f(argv[1]);
    if (!f.open(QIODevice::ReadOnly))
        return 2;
    const std::string text = f.readAll().toStdString();
    QElapsedTimer t;
    t.start();
    const gs::model::Topology topology = gs::model::loadTopology(std::vector<gs::model::Source>{{argv[1], text}});
    const qint64 load = t.restart();
    const gs::model::Translation translation = gs::model::translate(topology.objects, gs::model::Workspace{});
    const qint64 translate = t.restart();
    gs::gui::Graph graph = gs::gui::buildGraph(topology.objects, &translation);
    const qint64 build = t.restart();
    const std::size_t nodes = graph.nodes.size(), edges = graph.edges.size();
    gs::gui::GraphScene scene;
    gs::gui::Positions positions;
    scene.setGraph(std::move(graph), positions);
    const qint64 layout = t.restart();
    gs::gui::Document document;
    document.fileOps()->openFile(QString::fromLocal8Bit(argv[1]));
    const qint64 open = t.restart();
    std::printf("%zu objects, %zu nodes, %zu edges\nload+validate %lld ms\ntranslate %lld ms\ngraph %lld ms\n"
                "layout %lld ms\nDocument::openFile (all of it) %lld ms\n",
                topology.objects.size(), nodes, edges, load, translate, build, layout, open);
    return 0;
}
