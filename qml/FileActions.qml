import QtQuick
import GatewayStudio.Editor

// File → Open, Save, Save as, Export, New from template and Quit, with their dialogs and
// shortcuts. The dialogs are the platform's own (DesktopFileDialog); the Document does the work,
// this item only asks where and what.
Item {
    id: root

    required property Document document
    required property var parentWindow
    property bool dark: false

    // Set once the user agreed to lose unsaved changes on quitting.
    property bool closeConfirmed: false
    property var pending: null
    // The Save as dialog is naming an untitled file during Save: the other files follow.
    property bool savingAll: false

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
    function openFile() {
        openDialog.suggestedPath = document.files.lastFolder()
        openDialog.open()
    }
    // Files picked in the dialog or dropped on the window: into a pristine document (the demo, a
    // fresh template) at once; else the user chooses to add them or to open them on their own.
    function openPaths(paths) {
        if (paths.length === 0)
            return
        if (document.pristine()) {
            document.files.openFiles(paths)
            return
        }
        openChoice.paths = paths
        openChoice.open()
    }
    function openPath(path) { guarded(() => document.files.openFile(path)) }
    // A field being typed in commits when it loses the keyboard: before any file action, so that
    // what was typed is saved (or asked about) too.
    function commitFields() {
        if (parentWindow.focusHome)
            parentWindow.focusHome.forceActiveFocus()
    }
    function newFromTemplate(name) { guarded(() => document.files.newFromTemplate(name)) }
    // Saves every file; an untitled one (a template, a file added to it) is named first in the
    // Save as dialog, then the rest is saved. Runs the pending action once all are on disk.
    function save() {
        commitFields()
        if (document.files.save()) {
            runPending()
            return
        }
        const untitled = document.files.firstUntitledFile()
        if (untitled < 0) {
            pending = null   // a file could not be written: the banner says why
            return
        }
        document.currentFile = untitled
        commitFields()
        savingAll = true
        saveDialog.suggestedPath = document.files.suggestedSavePath()
        saveDialog.open()
    }
    function saveAs() {
        commitFields()
        savingAll = false
        saveDialog.suggestedPath = document.files.suggestedSavePath()
        saveDialog.open()
    }
    function exportYaml() {
        commitFields()
        exportDialog.suggestedPath = document.files.suggestedExportPath()
        exportDialog.open()
    }
    function quit() {
        commitFields()
        parentWindow.close()
    }

    Shortcut { sequence: "Ctrl+O"; onActivated: root.openFile() }
    Shortcut { sequence: "Ctrl+S"; onActivated: root.save() }
    Shortcut { sequence: "Ctrl+Shift+S"; onActivated: root.saveAs() }
    Shortcut { sequence: "Ctrl+Q"; onActivated: root.quit() }

    DesktopFileDialog {
        id: openDialog
        objectName: "openDialog"
        title: qsTr("Open Gateway API YAML (one or more files)")
        mode: DesktopFileDialog.OpenFiles
        nameFilters: [qsTr("YAML files (*.yaml *.yml)"), qsTr("All files (*)")]
        dark: root.dark
        parentWindow: root.parentWindow
        onAccepted: files => root.openPaths(files)
        onUnavailable: why => root.document.reportError(why)
    }
    DesktopFileDialog {
        id: saveDialog
        objectName: "saveDialog"
        title: qsTr("Save %1 as").arg(root.document.fileNames[root.document.currentFile] || "")
        mode: DesktopFileDialog.SaveFile
        acceptLabel: qsTr("Save")
        defaultSuffix: "yaml"
        nameFilters: [qsTr("YAML files (*.yaml *.yml)")]
        dark: root.dark
        parentWindow: root.parentWindow
        onAccepted: files => {
            if (!root.document.files.saveAs(files[0]))
                root.pending = null
            else if (root.savingAll)
                root.save()   // the other files, naming the next untitled one
            else
                root.runPending()
        }
        onRejected: root.pending = null
        onUnavailable: why => root.document.reportError(why)
    }
    DesktopFileDialog {
        id: exportDialog
        objectName: "exportDialog"
        title: qsTr("Export kubectl-ready YAML")
        mode: DesktopFileDialog.SaveFile
        acceptLabel: qsTr("Export")
        defaultSuffix: "yaml"
        nameFilters: [qsTr("YAML files (*.yaml *.yml)")]
        dark: root.dark
        parentWindow: root.parentWindow
        onAccepted: files => root.document.files.exportTo(files[0])
        onUnavailable: why => root.document.reportError(why)
    }
    UnsavedDialog {
        id: unsavedDialog
        name: root.document.displayName
        onSaveChosen: root.save()
        onDiscardChosen: {
            root.document.files.discardAutosave()
            root.runPending()
        }
        onRejected: root.pending = null
    }
    OpenChoiceDialog {
        id: openChoice
        workspace: root.document.displayName
        onAddChosen: root.document.files.addFiles(paths)
        onOpenChosen: root.guarded(() => root.document.files.openFiles(paths))
    }
}
