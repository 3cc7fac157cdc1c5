import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GatewayStudio.Editor

// The conditions a conformant controller would write for the selected object (the object's own,
// each listener's, each parent's), each with the reason and the explanation.
ColumnLayout {
    id: root

    required property Document document
    property LiveGateway live: null
    property ClusterSession cluster: null
    // The connected cluster's controller on the selected object, next to the prediction.
    readonly property var controllerRows: cluster && cluster.revision >= 0 && document.selection.current !== ""
                                          ? cluster.controllerRows(document.selection.current) : []

    objectName: "statusPanel"
    clip: true
    spacing: 0

    PanelTitle {
        text: root.document.selection.current === "" ? qsTr("STATUS") : qsTr("STATUS  ·  %1").arg(root.document.selection.current)
    }
    Text {
        visible: list.count === 0
        Layout.leftMargin: 10
        Layout.rightMargin: 10
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        text: root.document.selection.current === "" ? qsTr("Select an object to see its conditions.")
              : root.document.selection.current.startsWith("collapsed/")
              ? qsTr("A collapsed group: its colour is the worst status among its objects; expand it to see each one's.")
              : qsTr("No status: a controller writes none for this kind.")
        color: Theme.textMuted
        font.pixelSize: Theme.fontSize
    }
    Loader {
        Layout.fillWidth: true
        active: root.live !== null
        sourceComponent: CertificateList { live: root.live; document: root.document }
    }
    Column {
        objectName: "controllerStatus"
        visible: root.controllerRows.length > 0
        Layout.fillWidth: true
        Layout.leftMargin: 10
        Layout.rightMargin: 10
        Layout.bottomMargin: 4
        spacing: 2
        Text {
            width: parent.width
            text: qsTr("On %1, its controller wrote:").arg(root.cluster ? root.cluster.context : "")
            color: Theme.textMuted
            font.pixelSize: Theme.fontSize
            font.bold: true
        }
        Repeater {
            model: root.controllerRows
            delegate: Text {
                required property var modelData
                width: parent.width
                wrapMode: Text.Wrap
                font.pixelSize: Theme.fontSize
                color: modelData.differs ? Theme.error : Theme.ok
                text: modelData.differs
                      ? qsTr("≠ %1: controller %2, predicted %3").arg(modelData.where).arg(modelData.controller).arg(modelData.predicted)
                        + (modelData.note !== "" ? " — " + modelData.note : "")
                      : "✓ " + modelData.note
            }
        }
    }
    ListView {
        id: list
        objectName: "conditionList"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        model: root.document.selection.conditions
        ScrollBar.vertical: ScrollBar {}
        delegate: ConditionRow {
            width: ListView.view.width
        }
    }
}
