import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GatewayStudio.Editor

// The toolbar: the File and Help menus, undo/redo, the role view (Infra / App / All), the
// palette of kinds to create, and the canvas commands. Every action stays reachable at any
// width: when the window is narrow the palette folds into an "Add" menu, then the commands on the
// right move, least used first, into the "⋯" menu at the end.
ToolBar {
    id: root

    objectName: "mainToolBar"
    required property Document document
    required property FileActions files
    required property HelpDialogs help
    property LiveGateway live: null
    property ClusterSession cluster: null
    property ClusterActions clusterActions: null

    signal fitRequested()
    signal fitMatchesRequested()
    signal createRequested(string kind)
    signal deleteRequested()

    function focusSearch() { search.forceActiveFocus(); search.selectAll() }

    // The commands on the right, in the order they are shown and, reversed, the order in which
    // they move into the overflow menu.
    readonly property var commands: [runAction, problemsAction, deleteAction, layoutAction, fitAction, themeAction]
    readonly property var commandButtons: [runButton, problemsButton, deleteButton, layoutButton, fitButton, themeButton]
    // How many commands (from the end) live in the overflow menu, and whether the palette is a menu.
    property int overflowCount: 0
    property bool compactPalette: false

    // Decides what fits from the items' implicit widths (never from the row's, which depends on
    // what is shown: no binding loop).
    function arrange() {
        const spacing = row.spacing
        let left = 0
        for (const item of [fileButton, helpButton, undoButton, redoButton, sep1, roles, sep2])
            left += item.implicitWidth + spacing
        const available = root.width - row.anchors.leftMargin - row.anchors.rightMargin
        let commandsWidth = 0
        for (const b of commandButtons)
            commandsWidth += b.implicitWidth + spacing
        const searchWidth = search.Layout.minimumWidth + spacing
        const fullPalette = addLabel.implicitWidth + spacing + paletteRow.implicitWidth + spacing
        compactPalette = left + fullPalette + searchWidth + commandsWidth > available
        const palette = compactPalette ? addMenuButton.implicitWidth + spacing : fullPalette
        let hidden = 0
        let used = left + palette + searchWidth + commandsWidth
        while (used > available && hidden < commandButtons.length) {
            if (hidden === 0)
                used += overflowButton.implicitWidth + spacing
            hidden += 1
            const b = commandButtons[commandButtons.length - hidden]
            used -= b.implicitWidth + spacing
        }
        overflowCount = hidden
    }
    onWidthChanged: arrange()
    Component.onCompleted: arrange()

    background: Rectangle {
        color: Theme.panel
        Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.border }
    }

    Action {
        id: runAction
        text: root.live && root.live.running ? qsTr("■ Stop") : qsTr("▶ Run")
        enabled: root.live !== null
        onTriggered: root.live.running ? root.live.stop() : root.live.start()
    }
    Action {
        id: problemsAction
        text: qsTr("Problems")
        checkable: true
        checked: root.document.filter.onlyProblems
        onToggled: {
            root.document.filter.onlyProblems = checked
            root.fitMatchesRequested()
        }
    }
    Action {
        id: deleteAction
        text: qsTr("Delete")
        enabled: root.document.selection.current !== "" && root.document.selection.editable
        onTriggered: root.deleteRequested()
    }
    Action {
        id: layoutAction
        text: root.document.canvas.layingOut ? qsTr("Laying out…") : qsTr("Layout")
        enabled: !root.document.canvas.layingOut
        onTriggered: root.document.canvas.autoLayout()
    }
    Action {
        id: fitAction
        text: qsTr("Fit")
        onTriggered: root.fitRequested()
    }
    Action {
        id: themeAction
        text: Theme.dark ? qsTr("☀ Light theme") : qsTr("☾ Dark theme")
        onTriggered: Theme.dark = !Theme.dark
    }

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: 6
        anchors.rightMargin: 6
        spacing: 4

        ToolButton {
            id: fileButton
            objectName: "fileMenuButton"
            text: qsTr("File")
            onClicked: fileMenu.popup(this, 0, height)
            Menu {
                id: fileMenu
                objectName: "fileMenu"
                Menu {
                    id: templateMenu
                    title: qsTr("New from template")
                    Instantiator {
                        model: root.document.files.templates
                        delegate: MenuItem {
                            required property var modelData
                            objectName: "template:" + modelData.name
                            text: modelData.title
                            onTriggered: root.files.newFromTemplate(modelData.name)
                        }
                        onObjectAdded: (index, object) => templateMenu.insertItem(index, object)
                        onObjectRemoved: (index, object) => templateMenu.removeItem(object)
                    }
                }
                MenuItem { objectName: "menuOpen"; text: qsTr("Open…\tCtrl+O"); onTriggered: root.files.openFile() }
                Menu {
                    id: recentMenu
                    title: qsTr("Open recent")
                    enabled: root.document.files.recentFiles.length > 0
                    Instantiator {
                        model: root.document.files.recentFiles
                        delegate: MenuItem {
                            required property string modelData
                            text: modelData
                            onTriggered: root.files.openPath(modelData)
                        }
                        onObjectAdded: (index, object) => recentMenu.insertItem(index, object)
                        onObjectRemoved: (index, object) => recentMenu.removeItem(object)
                    }
                }
                MenuItem {
                    objectName: "menuOpenCluster"
                    text: qsTr("Open from cluster…")
                    enabled: root.clusterActions !== null
                    onTriggered: root.clusterActions.openFromCluster()
                }
                MenuItem { objectName: "menuSave"; text: qsTr("Save\tCtrl+S"); onTriggered: root.files.save() }
                MenuItem { objectName: "menuSaveAs"; text: qsTr("Save as…\tCtrl+Shift+S"); onTriggered: root.files.saveAs() }
                MenuSeparator {}
                MenuItem { objectName: "menuExport"; text: qsTr("Export kubectl-ready YAML…"); onTriggered: root.files.exportYaml() }
                MenuSeparator {}
                MenuItem {
                    objectName: "menuSaveCluster"
                    text: qsTr("Save cluster objects as…")
                    enabled: root.document.clusterContext !== ""
                    onTriggered: root.clusterActions.saveClusterObjects()
                }
                MenuItem {
                    objectName: "menuDryRun"
                    text: root.cluster && root.cluster.context !== "" ? qsTr("Dry run and apply on %1…").arg(root.cluster.context)
                                                                       : qsTr("Dry run and apply on a cluster…")
                    enabled: root.cluster !== null && root.cluster.context !== "" && !root.cluster.busy
                    onTriggered: root.clusterActions.dryRun()
                }
                MenuItem {
                    objectName: "menuDisconnect"
                    text: qsTr("Disconnect from cluster")
                    enabled: root.cluster !== null && root.cluster.context !== "" && !root.cluster.busy
                    onTriggered: root.clusterActions.disconnect()
                }
                MenuSeparator {}
                MenuItem { objectName: "menuQuit"; text: qsTr("Quit\tCtrl+Q"); onTriggered: root.files.quit() }
            }
        }
        ToolButton {
            id: helpButton
            objectName: "helpMenuButton"
            text: qsTr("Help")
            onClicked: helpMenu.popup(this, 0, height)
            Menu {
                id: helpMenu
                MenuItem { objectName: "menuShortcuts"; text: qsTr("Keyboard shortcuts\tF1"); onTriggered: root.help.showShortcuts() }
                MenuItem { objectName: "menuAbout"; text: qsTr("About Gateway Studio"); onTriggered: root.help.showAbout() }
            }
        }
        ToolButton {
            id: undoButton
            objectName: "undoButton"
            text: "↶"
            font.pixelSize: 18
            enabled: root.document.canUndo
            onClicked: root.document.undo()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Undo %1 (Ctrl+Z)").arg(root.document.undoText)
        }
        ToolButton {
            id: redoButton
            text: "↷"
            font.pixelSize: 18
            enabled: root.document.canRedo
            onClicked: root.document.redo()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Redo %1 (Ctrl+Y)").arg(root.document.redoText)
        }
        ToolSeparator { id: sep1 }
        RoleSwitch { id: roles; document: root.document }
        ToolSeparator { id: sep2 }
        Label {
            id: addLabel
            visible: !root.compactPalette
            text: qsTr("Add")
            color: Theme.textMuted
            font.pixelSize: Theme.smallFontSize
        }
        Row {
            id: paletteRow
            visible: !root.compactPalette
            spacing: 4
            Repeater {
                model: root.document.paletteKinds
                delegate: PaletteButton {
                    required property string modelData
                    kind: modelData
                    enabled: root.document.role !== "" && root.document.canCreate(modelData)
                    onClicked: root.createRequested(modelData)
                }
            }
        }
        ToolButton {
            id: addMenuButton
            objectName: "addMenuButton"
            visible: root.compactPalette
            text: qsTr("Add ▾")
            onClicked: addMenu.popup(this, 0, height)
            Menu {
                id: addMenu
                Instantiator {
                    model: root.document.paletteKinds
                    delegate: MenuItem {
                        required property string modelData
                        objectName: "add:" + modelData
                        text: modelData
                        enabled: root.document.canCreate(modelData)
                        onTriggered: root.createRequested(modelData)
                    }
                    onObjectAdded: (index, object) => addMenu.insertItem(index, object)
                    onObjectRemoved: (index, object) => addMenu.removeItem(object)
                }
            }
        }
        Item { Layout.fillWidth: true }
        ToolButton {
            id: runButton
            objectName: "runGateway"
            action: runAction
            visible: root.live !== null && root.overflowCount < 6
            highlighted: root.live !== null && root.live.running
            ToolTip.visible: hovered
            ToolTip.text: root.live && root.live.running
                          ? qsTr("Stop the local gateway (Ctrl+R)")
                          : qsTr("Serve this document on 127.0.0.1 with built-in echo backends; edits apply live (Ctrl+R)")
        }
        SearchField {
            id: search
            document: root.document
            Layout.preferredWidth: 170
            Layout.minimumWidth: 110
            Layout.fillWidth: false
            onFitMatchesRequested: root.fitMatchesRequested()
        }
        ToolButton {
            id: problemsButton
            objectName: "onlyProblems"
            action: problemsAction
            visible: root.overflowCount < 5
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Show only objects with problems, and their neighbours")
        }
        ToolButton {
            id: deleteButton
            objectName: "deleteButton"
            action: deleteAction
            visible: root.overflowCount < 4
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Delete the selected object (Del)")
        }
        ToolButton {
            id: layoutButton
            objectName: "layoutButton"
            action: layoutAction
            visible: root.overflowCount < 3
            ToolTip.visible: hovered
            ToolTip.text: root.document.canvas.pinnedCount > 0
                          ? qsTr("Lay the graph out again, beside the %n object(s) you placed by hand (undoable; right-click the canvas to unpin)", "", root.document.canvas.pinnedCount)
                          : qsTr("Lay the graph out again (undoable)")
        }
        ToolButton {
            id: fitButton
            objectName: "fitButton"
            action: fitAction
            visible: root.overflowCount < 2
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Fit the graph in view (Ctrl+0)")
        }
        ToolButton {
            id: themeButton
            objectName: "themeButton"
            action: themeAction
            display: AbstractButton.TextOnly
            text: Theme.dark ? "☀" : "☾"
            font.pixelSize: 16
            visible: root.overflowCount < 1
            ToolTip.visible: hovered
            ToolTip.text: themeAction.text
        }
        ToolButton {
            id: overflowButton
            objectName: "overflowButton"
            visible: root.overflowCount > 0
            text: "⋯"
            font.pixelSize: 16
            onClicked: overflowMenu.popup(this, width - overflowMenu.width, height)
            ToolTip.visible: hovered
            ToolTip.text: qsTr("More commands")
            Menu {
                id: overflowMenu
                objectName: "overflowMenu"
                Instantiator {
                    model: root.commands.slice(root.commands.length - root.overflowCount)
                    delegate: MenuItem {
                        required property var modelData
                        objectName: "overflow:" + root.commands.indexOf(modelData)
                        action: modelData
                    }
                    onObjectAdded: (index, object) => overflowMenu.insertItem(index, object)
                    onObjectRemoved: (index, object) => overflowMenu.removeItem(object)
                }
            }
        }
    }
}
