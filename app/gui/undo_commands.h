#pragma once
// The undo steps. A text step holds every file's whole text before and after (texts are small next to the
// trees built from them, and a whole-text swap cannot drift out of sync with the YAML pane); a
// canvas step holds positions, pins and collapsed groups before and after. Commands hold a pointer to their Document, which owns the
// stack and so outlives them.

#include <QUndoCommand>

#include <set>
#include <string>

#include "graph_layout.h"
#include "source_file.h"

namespace gs::gui {

class Document;

class TextCommand : public QUndoCommand {
public:
    // `typing`: consecutive typing steps in the YAML pane merge into one. `series`: consecutive
    // steps of one series (a rollout rehearsal's weights) merge into one, named by the first.
    TextCommand(Document* document, Texts before, Texts after, const QString& label, bool typing, QString series = {});
    void undo() override;
    void redo() override;
    int id() const override { return typing_ ? 1 : series_.isEmpty() ? -1 : 2; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    Document* document_;
    Texts before_;
    Texts after_;
    bool typing_;
    QString series_;
};

// What the canvas shows beside the texts: where nodes are, which the user pinned, which groups
// are collapsed. A step holds the positions it changes and the two whole sets (small).
struct CanvasState {
    Positions positions;
    std::set<std::string> pinned;
    std::set<std::string> collapsed;
};

class CanvasCommand : public QUndoCommand {
public:
    CanvasCommand(Document* document, const QString& label, CanvasState before, CanvasState after);
    void undo() override;
    void redo() override;

private:
    Document* document_;
    CanvasState before_;
    CanvasState after_;
};

}  // namespace gs::gui
