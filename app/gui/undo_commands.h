#pragma once
// The undo steps. A text step holds every file's whole text before and after (texts are small next to the
// trees built from them, and a whole-text swap cannot drift out of sync with the YAML pane); a
// move holds the node's two positions. Commands hold a pointer to their Document, which owns the
// stack and so outlives them.

#include <QUndoCommand>

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

class MoveCommand : public QUndoCommand {
public:
    MoveCommand(Document* document, std::string id, std::pair<double, double> from, std::pair<double, double> to);
    void undo() override;
    void redo() override;

private:
    Document* document_;
    std::string id_;
    std::pair<double, double> from_;
    std::pair<double, double> to_;
};

class LayoutCommand : public QUndoCommand {
public:
    LayoutCommand(Document* document, Positions before, Positions after);
    void undo() override;
    void redo() override;

private:
    Document* document_;
    Positions before_;
    Positions after_;
};

}  // namespace gs::gui
