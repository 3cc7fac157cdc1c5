import QtQuick
import QtQuick.Controls
import GatewayStudio.Editor

// The main window: toolbar (files, undo, role view, palette), the graph canvas in the middle,
// inspector and YAML on the right, status and problems below, messages in the footer; the
// banner over the canvas says what failed.
//
// Keyboard: the shortcuts below work wherever the focus is in the window (not while a modal
// dialog is open); a text field that needs a key (Delete, Ctrl+Z, Ctrl+C in its text) takes it
// first. Clicking the canvas or a node takes the focus out
// of fields (`focusHome`), Escape leaves a field without changing it.
ApplicationWindow {
    id: window

    required property Document document
    property bool darkTheme: false
    // The embedded gateway on this document (Run in the toolbar; `--demo` starts it).
    property LiveGateway live: LiveGateway { document: window.document }
    property TrafficGenerator generator: TrafficGenerator { live: window.live }
    property RequestTracer tracer: RequestTracer { live: window.live }
    // A canary rollout rehearsed on the gateway (a split's Rehearse; the Rollout tab).
    property RolloutRehearsal rehearsal: RolloutRehearsal { document: window.document; live: window.live }
    property Notices notices: Notices {}
    // The cluster met through the kubeconfig (File → Open from cluster…).
    property ClusterSession cluster: ClusterSession { document: window.document }
    // Where the keyboard goes when no field needs it.
    readonly property Item focusHome: canvas

    width: 1280
    height: 800
    minimumWidth: 640
    minimumHeight: 400
    visible: true
    title: (document.modified ? "● " : "") + document.displayName + " — Gateway Studio"
    color: Theme.window
    palette.window: Theme.window
    palette.base: Theme.panel
    palette.alternateBase: Theme.panelAlt
    palette.text: Theme.text
    palette.windowText: Theme.text
    palette.buttonText: Theme.text
    palette.button: Theme.panelAlt
    palette.mid: Theme.border
    palette.highlight: Theme.accent
    palette.placeholderText: Theme.textMuted

    onClosing: close => {
        if (window.rehearsal.running)
            window.rehearsal.stop()   // back at the stable split before anything is saved
        if (!document.modified || files.closeConfirmed)
            return
        close.accepted = false
        files.guarded(() => {
            files.closeConfirmed = true
            window.close()
        })
    }

    Component.onCompleted: {
        Theme.dark = darkTheme
        canvas.fitLater()
        canvas.forceActiveFocus()
    }

    Connections {
        target: window.document
        function onErrorReported(text, details) { window.notices.report(text, details) }
    }
    Connections {
        target: window.live
        function onFailed(text, details) { window.notices.report(text, details, "error", "gateway") }
        function onRecovered() { window.notices.dismissFrom("gateway") }
    }
    Connections {
        target: window.cluster
        function onFailed(text) { window.notices.report(text, [], "error", "cluster") }
        function onConnected() { window.notices.dismissFrom("cluster") }
    }
    Connections {
        target: window.generator
        function onFailed(text) { window.notices.report(text) }
    }

    FileActions {
        id: files
        document: window.document
        parentWindow: window
        dark: Theme.dark
    }
    HelpDialogs {
        id: help
    }
    DesktopFileDialog {
        id: reportDialog
        objectName: "reportDialog"
        title: qsTr("Save the rehearsal's report (Markdown; its chart beside it as PNG)")
        mode: DesktopFileDialog.SaveFile
        acceptLabel: qsTr("Save")
        defaultSuffix: "md"
        nameFilters: [qsTr("Markdown (*.md)")]
        dark: Theme.dark
        parentWindow: window
        onAccepted: files => window.rehearsal.saveReport(files[0])
        onUnavailable: why => window.document.reportError(why)
    }
    Connections {
        target: window.rehearsal
        function onRuleChanged() { sidePanel.showRollout() }
    }
    ClusterActions {
        id: clusterActions
        document: window.document
        cluster: window.cluster
        parentWindow: window
        dark: Theme.dark
    }

    header: MainToolBar {
        id: toolBar
        document: window.document
        files: files
        help: help
        cluster: window.cluster
        clusterActions: clusterActions
        onFitRequested: canvas.fit()
        onFitMatchesRequested: canvas.fitMatches()
        onCreateRequested: kind => canvas.createAtCenter(kind)
        onDeleteRequested: deleteDialog.ask()
        live: window.live
    }

    SplitView {
        id: mainSplit
        anchors.fill: parent
        orientation: Qt.Horizontal

        SplitView {
            SplitView.fillWidth: true
            SplitView.minimumWidth: 320
            orientation: Qt.Vertical

            GraphCanvas {
                id: canvas
                document: window.document
                live: window.live
                traceIds: window.tracer.highlight
                SplitView.fillHeight: true
                SplitView.minimumHeight: 160
            }
            BottomPanel {
                document: window.document
                live: window.live
                rehearsal: window.rehearsal
                cluster: window.cluster
                SplitView.preferredHeight: Math.min(250, window.height * 0.32)
                SplitView.minimumHeight: 0
                onLocateRequested: (line, column, field) => sidePanel.showProblem(line, column, field)
            }
        }
        SidePanel {
            id: sidePanel
            document: window.document
            live: window.live
            tracer: window.tracer
            generator: window.generator
            rehearsal: window.rehearsal
            onSaveReportRequested: reportDialog.open()
            SplitView.preferredWidth: Math.min(380, window.width * 0.34)
            SplitView.minimumWidth: 0
        }
    }

    footer: StatusBar {
        document: window.document
        live: window.live
        cluster: window.cluster
        generator: window.generator
        zoom: canvas.zoom
    }

    // The bars over the canvas: restore an autosave, a file changed on disk, what failed.
    Column {
        x: 0
        y: 0
        width: canvas.width
        z: 2
        RecoveryBar {
            width: parent.width
            document: window.document
        }
        DiskChangedBar {
            width: parent.width
            document: window.document
        }
        ErrorBanner {
            width: parent.width
            notices: window.notices
            onLocateRequested: (file, line, column) => {
                window.document.showFile(file)
                sidePanel.showYamlAt(line, column)
            }
        }
    }

    DeleteDialog {
        id: deleteDialog
        document: window.document
    }

    // YAML files dropped on the window open (or join the workspace, as the user chooses).
    DropArea {
        anchors.fill: parent
        keys: ["text/uri-list"]
        onDropped: drop => {
            const paths = drop.urls.map(u => u.toString()).filter(u => u.startsWith("file:"))
            if (paths.length === 0)
                return
            drop.acceptProposedAction()
            files.openPaths(paths)
        }
    }

    Shortcut {
        sequences: ["Delete", "Backspace"]
        enabled: window.document.selection.current !== ""
        onActivated: deleteDialog.ask()
    }
    Shortcut {
        sequences: [StandardKey.Copy]
        enabled: window.document.selection.current !== ""
        onActivated: window.document.edits.copy(window.document.selection.current)
    }
    Shortcut {
        sequences: [StandardKey.Paste]
        onActivated: canvas.pasteAtCenter()
    }
    Shortcut {
        sequences: [StandardKey.Undo]
        onActivated: window.document.undo()
    }
    Shortcut {
        sequences: ["Ctrl+Shift+Z", "Ctrl+Y"]
        onActivated: window.document.redo()
    }
    Shortcut {
        sequences: [StandardKey.Find]
        onActivated: toolBar.focusSearch()
    }
    Shortcut {
        sequence: "Ctrl+0"
        onActivated: canvas.fit()
    }
    Shortcut {
        sequence: "Ctrl+R"
        onActivated: window.live.running ? window.live.stop() : window.live.start()
    }
    Shortcut {
        sequence: "F1"
        onActivated: help.showShortcuts()
    }
    Shortcut {
        // Escape in a field is the field's (it reverts and leaves); elsewhere it clears the
        // selection, and first closes the banner, then leaves focus mode.
        sequence: "Escape"
        onActivated: {
            if (window.notices.shown)
                window.notices.dismiss()
            else if (window.document.filter.focus !== "")
                window.document.filter.focus = ""
            else
                window.document.selection.current = ""
        }
    }
}
