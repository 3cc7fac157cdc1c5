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
    property RolloutRehearsal rehearsal: null

    objectName: "trafficPanel"
    color: Theme.panel

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        PanelTitle {
            text: root.live.running ? qsTr("SPLITS  ·  %1 req/s through the gateway").arg(root.live.totalRate.toFixed(1))
                                    : qsTr("SPLITS")
        }
        Text {
            visible: !root.live.running && list.count > 0
            Layout.fillWidth: true
            Layout.leftMargin: 10
            Layout.rightMargin: 10
            Layout.bottomMargin: 4
            text: qsTr("Configured shares; run the gateway (▶ Run) to see the observed ones.")
            wrapMode: Text.Wrap
            color: Theme.textMuted
            font.pixelSize: Theme.smallFontSize + 1
        }
        ListView {
            id: list
            objectName: "splitList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 6
            model: root.live.splits
            delegate: SplitRow {
                width: list.width - 12
                x: 6
                live: root.live
                document: root.document
                rehearsal: root.rehearsal
            }
            ScrollBar.vertical: ScrollBar {}

            Text {
                anchors.centerIn: parent
                width: parent.width - 20
                visible: list.count === 0
                text: qsTr("No rule splits traffic between backends. Give a rule two backendRefs to run a canary.")
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                color: Theme.textMuted
                font.pixelSize: Theme.fontSize
            }
        }
    }
}
