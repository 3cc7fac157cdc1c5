import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GatewayStudio.Editor

// The main window: toolbar (files, undo, role view, palette), the graph canvas in the middle,
// inspector and YAML on the right, status and problems below, messages in the footer.
ApplicationWindow {
    id: window

    required property Document document
    property bool darkTheme: false
    // The embedded gateway on this document (Run in the toolbar; `--demo` starts it).
    property LiveGateway live: LiveGateway { document: window.document }
    property TrafficGenerator generator: TrafficGenerator { live: window.live }
    property RequestTracer tracer: RequestTracer { live: window.live }

    width: 1280
    height: 800
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
    }

    FileActions {
        id: files
        document: window.document
        parentWindow: window
    }

    header: MainToolBar {
        id: toolBar
        document: window.document
        files: files
        onFitRequested: canvas.fit()
        onFitMatchesRequested: canvas.fitMatches()
        onCreateRequested: kind => canvas.createAtCenter(kind)
        onDeleteRequested: deleteDialog.ask()
        live: window.live
    }

    SplitView {
        anchors.fill: parent
        orientation: Qt.Horizontal

        SplitView {
            SplitView.fillWidth: true
            orientation: Qt.Vertical

            GraphCanvas {
                id: canvas
                document: window.document
                live: window.live
                traceIds: window.tracer.highlight
                SplitView.fillHeight: true
                SplitView.minimumHeight: 200
            }
            BottomPanel {
                document: window.document
                live: window.live
                SplitView.preferredHeight: 250
                onLocateRequested: (line, column, field) => sidePanel.showProblem(line, column, field)
            }
        }
        SidePanel {
            id: sidePanel
            document: window.document
            live: window.live
            tracer: window.tracer
            generator: window.generator
            SplitView.preferredWidth: 380
            SplitView.minimumWidth: 280
        }
    }

    footer: StatusBar {
        document: window.document
        live: window.live
        zoom: canvas.zoom
    }

    RecoveryBar {
        id: recoveryBar
        x: 0
        y: 0
        width: canvas.width
        z: 2
        document: window.document
    }
    DiskChangedBar {
        x: 0
        y: recoveryBar.height
        width: canvas.width
        z: 2
        document: window.document
    }

    DeleteDialog {
        id: deleteDialog
        document: window.document
    }

    Shortcut {
        sequences: [StandardKey.Delete, "Backspace"]
        enabled: window.document.selectedId !== "" && !sidePanel.editing
        onActivated: deleteDialog.ask()
    }
    Shortcut {
        sequences: [StandardKey.Copy]
        enabled: window.document.selectedId !== "" && !sidePanel.editing
        onActivated: window.document.copy(window.document.selectedId)
    }
    Shortcut {
        sequences: [StandardKey.Paste]
        enabled: !sidePanel.editing
        onActivated: {
            const p = canvas.toWorld(canvas.width / 2, canvas.height / 2)
            window.document.paste(p.x - 100, p.y - 30)
        }
    }
    Shortcut {
        sequences: [StandardKey.Find]
        onActivated: toolBar.focusSearch()
    }
    Shortcut {
        sequence: "Ctrl+0"
        onActivated: canvas.fit()
    }
}
