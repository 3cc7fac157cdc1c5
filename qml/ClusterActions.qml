import QtQuick
import GatewayStudio.Editor

// The cluster's entries of the File menu, with their dialogs: Open from cluster, Save cluster
// objects as a file, Dry run and apply of the files, Disconnect. The ClusterSession does the work.
Item {
    id: root

    required property Document document
    required property ClusterSession cluster
    required property var parentWindow
    property bool dark: false

    function openFromCluster() { connectDialog.ask() }
    function saveClusterObjects() {
        saveDialog.suggestedPath = document.files.lastFolder() + "/" + document.clusterContext + ".yaml"
        saveDialog.open()
    }
    function dryRun() { changesDialog.dryRun(false) }
    function disconnect() { cluster.disconnectFromCluster() }

    ConnectClusterDialog {
        id: connectDialog
        cluster: root.cluster
    }
    ClusterChangesDialog {
        id: changesDialog
        cluster: root.cluster
    }
    DesktopFileDialog {
        id: saveDialog
        objectName: "saveClusterDialog"
        title: qsTr("Save the objects of cluster %1 as").arg(root.document.clusterContext)
        mode: DesktopFileDialog.SaveFile
        acceptLabel: qsTr("Save")
        defaultSuffix: "yaml"
        nameFilters: [qsTr("YAML files (*.yaml *.yml)")]
        dark: root.dark
        parentWindow: root.parentWindow
        onAccepted: files => root.document.files.saveClusterSourceAs(files[0])
        onUnavailable: why => root.document.reportError(why)
    }
}
