import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GatewayStudio.Editor

// Canary splits: every weighted rule of the document with its configured and observed split
// (SplitRow), and what to do when there is none.
Rectangle {
    id: root

    required property LiveGateway live
    required property Document document

    color: Theme.panel

    PanelTitle {
        id: title
        text: root.live.running ? qsTr("Splits · %1 req/s through the gateway").arg(root.live.totalRate.toFixed(1))
                                : qsTr("Splits (start the gateway to see the observed shares)")
    }
    ListView {
        id: list
        objectName: "splitList"
        anchors.top: title.bottom
        anchors.bottom: parent.bottom
        width: parent.width
        clip: true
        spacing: 6
        model: root.live.splits
        delegate: SplitRow {
            width: list.width - 12
            x: 6
            live: root.live
            document: root.document
        }
        ScrollBar.vertical: ScrollBar {}
    }
    Text {
        anchors.centerIn: parent
        visible: list.count === 0
        text: qsTr("No rule splits traffic between backends.\nGive a rule two backendRefs to run a canary.")
        horizontalAlignment: Text.AlignHCenter
        color: Theme.textMuted
        font.pixelSize: Theme.fontSize
    }
}
