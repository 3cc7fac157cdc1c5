import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import GatewayStudio.Editor

// File → Open, Save, Save As, Export and New from template, with their dialogs and shortcuts.
// The Document does the work; this item only asks where.
Item {
    id: root

    required property Document document
    required property var parentWindow

    // Set once the user agreed to lose unsaved changes on quitting.
    property bool closeConfirmed: false
    property var pending: null

    // Runs `action` now, or after the user saved or discarded the unsaved changes.
    function guarded(action) {
        if (!document.modified) {
            action()
            return
        }
        pending = action
        unsavedDialog.open()
    }
    function runPending() {
        const action = pending
        pending = null
        if (action)
            action()
    }
    function openFile() { guarded(() => openDialog.open()) }
    function openPath(path) { guarded(() => document.openFile(path)) }
    function newFromTemplate(name) { guarded(() => document.newFromTemplate(name)) }
    function save() {
        if (!document.save() && document.filePath === "")
            saveDialog.open()
    }
    function saveAs() { saveDialog.open() }
    function exportYaml() { exportDialog.open() }

    Shortcut { sequences: [StandardKey.Open]; onActivated: root.openFile() }
    Shortcut { sequences: [StandardKey.Save]; onActivated: root.save() }
    Shortcut { sequences: [StandardKey.SaveAs]; onActivated: root.saveAs() }
    Shortcut { sequences: [StandardKey.Undo]; onActivated: root.document.undo() }
    Shortcut { sequences: [StandardKey.Redo, "Ctrl+Y"]; onActivated: root.document.redo() }

    FileDialog {
        id: openDialog
        title: qsTr("Open Gateway API YAML (one or more files)")
        fileMode: FileDialog.OpenFiles
        nameFilters: [qsTr("YAML files (*.yaml *.yml)"), qsTr("All files (*)")]
        onAccepted: root.document.openFiles(selectedFiles)
    }
    FileDialog {
        id: saveDialog
        title: qsTr("Save as")
        fileMode: FileDialog.SaveFile
        defaultSuffix: "yaml"
        nameFilters: [qsTr("YAML files (*.yaml *.yml)")]
        onAccepted: {
            if (root.document.saveAs(selectedFile))
                root.runPending()
        }
        onRejected: root.pending = null
    }
    UnsavedDialog {
        id: unsavedDialog
        name: root.document.displayName
        onSaveChosen: {
            if (root.document.save())
                root.runPending()
            else if (root.document.filePath === "")
                saveDialog.open()
        }
        onDiscardChosen: {
            root.document.discardAutosave()
            root.runPending()
        }
        onRejected: root.pending = null
    }
    FileDialog {
        id: exportDialog
        title: qsTr("Export kubectl-ready YAML")
        fileMode: FileDialog.SaveFile
        defaultSuffix: "yaml"
        nameFilters: [qsTr("YAML files (*.yaml *.yml)")]
        onAccepted: root.document.exportTo(selectedFile)
    }
}
