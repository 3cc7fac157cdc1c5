#include "undo_commands.h"

#include "document.h"

namespace gs::gui {

TextCommand::TextCommand(Document* document, Texts before, Texts after, const QString& label, bool typing, QString series)
    : QUndoCommand(label), document_(document), before_(std::move(before)), after_(std::move(after)), typing_(typing),
      series_(std::move(series))
{
}

void TextCommand::undo() { document_->applyTexts(before_); }
void TextCommand::redo() { document_->applyTexts(after_); }

bool TextCommand::mergeWith(const QUndoCommand* other)
{
    const auto* next = static_cast<const TextCommand*>(other);
    if (!series_.isEmpty() && series_ == next->series_ && before_.size() == next->after_.size()) {
        after_ = next->after_;
        setObsolete(after_ == before_);  // a series that ends where it began leaves no step
        return true;
    }
    if (!typing_ || !next->typing_ || before_.size() != next->after_.size())
        return false;
    for (std::size_t i = 0; i < before_.size(); ++i)  // typing in another file is another step
        if ((before_[i] != after_[i]) != (next->before_[i] != next->after_[i]))
            return false;
    after_ = next->after_;
    return true;
}

CanvasCommand::CanvasCommand(Document* document, const QString& label, CanvasState before, CanvasState after)
    : QUndoCommand(label), document_(document), before_(std::move(before)), after_(std::move(after))
{
}

void CanvasCommand::undo() { document_->applyCanvasState(before_); }
void CanvasCommand::redo() { document_->applyCanvasState(after_); }

}  // namespace gs::gui
