import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GatewayStudio.Editor

// File → Open from cluster: a kubeconfig context and the namespaces to pull (the context's own,
// a list, or all). The pull shows its count while it runs; the cluster's objects then join the
// workspace as a read-only source, kept live.
Dialog {
    id: root

    required property ClusterSession cluster

    objectName: "connectClusterDialog"
    title: qsTr("Open from cluster")
    modal: true
    background: Rectangle { color: Theme.panel; border.color: Theme.border; radius: 6 }
    Overlay.modal: Rectangle { color: Qt.rgba(0, 0, 0, 0.25) }
    anchors.centerIn: Overlay.overlay
    width: Math.min(520, Overlay.overlay ? Overlay.overlay.width - 40 : 520)
    closePolicy: Popup.CloseOnEscape

    function ask() {
        cluster.reloadContexts()
        const i = cluster.contexts.indexOf(cluster.defaultContext)
        contextBox.currentIndex = i >= 0 ? i : 0
        open()
        contextBox.forceActiveFocus()
    }
    function pull() {
        if (contextBox.currentIndex < 0)
            return
        cluster.connectTo(contextBox.currentText, allNamespaces.checked ? "*" : namespaces.text)
    }

    // Cancel while pulling drops the pull: nothing of it reaches the workspace.
    onRejected: if (cluster.busy) cluster.disconnectFromCluster()

    Connections {
        target: root.cluster
        function onConnected() { root.close() }
        function onStateChanged() {
            if (!root.cluster.busy && root.cluster.context === "" && root.opened)
                root.contextBox.forceActiveFocus()
        }
    }
    property alias contextBox: contextBox

    ColumnLayout {
        width: root.availableWidth
        spacing: 10

        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            visible: root.cluster.kubeconfigProblem !== ""
            color: Theme.error
            text: root.cluster.kubeconfigProblem
        }
        GridLayout {
            columns: 2
            columnSpacing: 10
            rowSpacing: 8
            Layout.fillWidth: true
            Label { text: qsTr("Context") }
            ComboBox {
                id: contextBox
                objectName: "clusterContext"
                Layout.fillWidth: true
                model: root.cluster.contexts
                enabled: !root.cluster.busy
            }
            Label { text: qsTr("Namespaces") }
            TextField {
                id: namespaces
                objectName: "clusterNamespaces"
                Layout.fillWidth: true
                enabled: !allNamespaces.checked && !root.cluster.busy
                placeholderText: qsTr("the context's own (comma-separated for several)")
                onAccepted: root.pull()
            }
            Item { width: 1; height: 1 }
            CheckBox {
                id: allNamespaces
                objectName: "clusterAllNamespaces"
                text: qsTr("All namespaces")
                enabled: !root.cluster.busy
            }
        }
        RowLayout {
            Layout.fillWidth: true
            visible: root.cluster.busy
            BusyIndicator { running: root.cluster.busy; implicitWidth: 24; implicitHeight: 24 }
            Label {
                objectName: "clusterProgress"
                Layout.fillWidth: true
                elide: Text.ElideRight
                text: root.cluster.progressText
            }
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.textMuted
            font.pixelSize: Theme.fontSize
            text: qsTr("Objects come with what they refer to. Private keys never leave the cluster; the cluster's objects stay read-only until saved as a file.")
        }
    }

    footer: DialogButtonBox {
        Button {
            objectName: "clusterPull"
            text: qsTr("Pull")
            enabled: !root.cluster.busy && root.cluster.contexts.length > 0
            highlighted: true
            onClicked: root.pull()
        }
        Button {
            objectName: "clusterCancel"
            text: qsTr("Cancel")
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
        }
    }
}
