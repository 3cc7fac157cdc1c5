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

    objectName: "statusPanel"
    clip: true
    spacing: 0

    PanelTitle {
        text: root.document.selectedId === "" ? qsTr("STATUS") : qsTr("STATUS  ·  %1").arg(root.document.selectedId)
    }
    Text {
        visible: list.count === 0
        Layout.leftMargin: 10
        Layout.rightMargin: 10
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        text: root.document.selectedId === "" ? qsTr("Select an object to see its conditions.")
                                             : qsTr("No status: a controller writes none for this kind.")
        color: Theme.textMuted
        font.pixelSize: Theme.fontSize
    }
    Loader {
        Layout.fillWidth: true
        active: root.live !== null
        sourceComponent: CertificateList { live: root.live; document: root.document }
    }
    ListView {
        id: list
        objectName: "conditionList"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        model: root.document.selectedConditions
        ScrollBar.vertical: ScrollBar {}
        delegate: ConditionRow {
            width: ListView.view.width
        }
    }
}
