import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GatewayStudio.Editor

// The footer: the last message (a refusal says why), the open files, counts, the role view and the zoom.
Rectangle {
    id: root

    required property Document document
    property LiveGateway live: null
    property TrafficGenerator generator: null
    property ClusterSession cluster: null
    property real zoom: 1

    implicitHeight: 26
    color: Theme.panel

    Rectangle { width: parent.width; height: 1; color: Theme.border }

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 10
        anchors.rightMargin: 10
        spacing: 16
        // While the local gateway runs: each listener's URL; click copies a curl command.
        Repeater {
            model: root.live && root.live.running ? root.live.listeners : []
            delegate: Text {
                required property var modelData
                objectName: "url:" + modelData.gateway + "/" + modelData.listener
                text: (modelData.ok ? "● " : "✖ ") + modelData.url
                color: modelData.ok ? Theme.ok : Theme.error
                font.pixelSize: Theme.fontSize
                font.underline: urlHover.hovered
                HoverHandler { id: urlHover; cursorShape: Qt.PointingHandCursor }
                TapHandler { onTapped: root.live.copyText(modelData.curl) }
                ToolTip.visible: urlHover.hovered
                ToolTip.text: (modelData.ok ? qsTr("Click to copy: %1").arg(modelData.curl)
                                            : qsTr("%1/%2 not served: %3").arg(modelData.gateway).arg(modelData.listener).arg(modelData.error))
                              + (modelData.note ? "\n" + modelData.note : "")
            }
        }
        // The connected cluster: live, reconnecting (never a stale picture shown as live), or busy.
        Text {
            objectName: "clusterState"
            visible: root.cluster !== null && root.cluster.context !== ""
            Layout.maximumWidth: 360
            elide: Text.ElideRight
            text: !root.cluster ? "" : root.cluster.busy ? "⎈ " + root.cluster.progressText
                  : "⎈ " + root.cluster.context + (root.cluster.live ? qsTr(" · live") : qsTr(" · not live"))
                    + (root.cluster.differingCount > 0 ? qsTr(" · %1 ≠ predicted").arg(root.cluster.differingCount) : "")
            color: !root.cluster || root.cluster.busy ? Theme.text : !root.cluster.live ? Theme.warning
                   : root.cluster.differingCount > 0 ? Theme.error : Theme.ok
            font.pixelSize: Theme.fontSize
            HoverHandler { id: clusterHover }
            ToolTip.visible: clusterHover.hovered
            ToolTip.text: !root.cluster ? "" : root.cluster.target
                          + (root.cluster.differingCount > 0
                             ? "\n" + qsTr("%1 object(s) where the controller's status is not the predicted one").arg(root.cluster.differingCount) : "")
                          + (root.cluster.live ? qsTr("\nKept current by watches") : "\n" + (root.cluster.liveProblem || qsTr("Connecting…")))
                          + (root.cluster.warnings.length > 0 ? "\n" + root.cluster.warnings.join("\n") : "")
        }
        Text {
            id: message
            objectName: "message"
            Layout.fillWidth: true
            text: [root.live ? root.live.message : "", root.generator && root.generator.running ? root.generator.message : "",
                   root.document.message].filter(m => m !== "").join(" · ")
            elide: Text.ElideRight
            color: Theme.text
            font.pixelSize: Theme.fontSize
            HoverHandler { id: messageHover }
            ToolTip.visible: messageHover.hovered && truncated
            ToolTip.text: text
        }
        Text {
            objectName: "fileSet"
            text: root.document.displayName
            color: Theme.textMuted
            font.pixelSize: Theme.fontSize
            Layout.maximumWidth: 320
            elide: Text.ElideMiddle
        }
        Text {
            text: Theme.count(root.document.objectCount, qsTr("object"), qsTr("objects"))
            color: Theme.textMuted
            font.pixelSize: Theme.fontSize
        }
        Text {
            objectName: "problemCounts"
            text: Theme.count(root.document.errorCount, qsTr("error"), qsTr("errors")) + ", "
                  + Theme.count(root.document.warningCount, qsTr("warning"), qsTr("warnings"))
            color: root.document.errorCount > 0 ? Theme.error : Theme.textMuted
            font.pixelSize: Theme.fontSize
        }
        Text {
            text: qsTr("view: %1").arg(root.document.role)
            color: Theme.textMuted
            font.pixelSize: Theme.fontSize
        }
        Text {
            text: Math.round(root.zoom * 100) + "%"
            color: Theme.textMuted
            font.pixelSize: Theme.fontSize
        }
    }
}
