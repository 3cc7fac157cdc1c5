import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GatewayStudio.Editor

// What the files would change on the connected cluster, as its API server judged them in a
// server-side dry run: per object new, changed, unchanged, refused (the server's reason) or in
// conflict (the other field manager named), each with its diff. Apply asks once more, naming the
// context and server in full and listing every change; taking another manager's fields is a
// separate, explicit choice.
Dialog {
    id: root

    required property ClusterSession cluster

    objectName: "clusterChangesDialog"
    title: cluster.lastWasDryRun ? qsTr("Dry run on %1").arg(cluster.context) : qsTr("Applied to %1").arg(cluster.context)
    modal: true
    background: Rectangle { color: Theme.panel; border.color: Theme.border; radius: 6 }
    Overlay.modal: Rectangle { color: Qt.rgba(0, 0, 0, 0.25) }
    anchors.centerIn: Overlay.overlay
    width: Math.min(760, Overlay.overlay ? Overlay.overlay.width - 40 : 760)
    height: Math.min(620, Overlay.overlay ? Overlay.overlay.height - 40 : 620)
    closePolicy: Popup.CloseOnEscape

    // Whether the last dry run was with --force-conflicts.
    property bool forced: false
    readonly property var changes: cluster.outcomes.filter(o => o.change === "new" || o.change === "changed")
    readonly property var refused: cluster.outcomes.filter(o => o.change === "refused")
    readonly property var conflicts: cluster.outcomes.filter(o => o.change === "conflict")

    function dryRun(force) {
        forced = force
        if (cluster.dryRun(force))
            open()
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 8

        Label {
            objectName: "clusterSummary"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: root.cluster.busy ? root.cluster.progressText : root.cluster.outcomeSummary
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            visible: root.conflicts.length > 0 && !root.cluster.busy
            color: Theme.warning
            text: qsTr("Another field manager owns fields these objects set. Applying takes them only if you choose Force; the diff shows what forcing would change.")
        }
        ListView {
            id: list
            objectName: "clusterOutcomes"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 6
            model: root.cluster.busy ? [] : root.cluster.outcomes
            ScrollBar.vertical: ScrollBar {}
            delegate: Column {
                id: outcome
                required property var modelData
                width: list.width - 12
                spacing: 2
                RowLayout {
                    width: parent.width
                    Rectangle {
                        implicitWidth: changeText.implicitWidth + 10
                        implicitHeight: changeText.implicitHeight + 4
                        radius: 3
                        color: outcome.modelData.change === "refused" || outcome.modelData.change === "conflict" ? Theme.error
                             : outcome.modelData.change === "unchanged" || outcome.modelData.change === "skipped" ? Theme.textMuted
                             : Theme.accent
                        Text {
                            id: changeText
                            anchors.centerIn: parent
                            text: outcome.modelData.change
                            color: "white"
                            font.pixelSize: Theme.fontSize - 1
                        }
                    }
                    Text {
                        Layout.fillWidth: true
                        text: outcome.modelData.id
                        color: Theme.text
                        font.pixelSize: Theme.fontSize
                        font.bold: true
                        elide: Text.ElideRight
                    }
                }
                Text {
                    width: parent.width
                    visible: text !== ""
                    wrapMode: Text.Wrap
                    color: Theme.error
                    font.pixelSize: Theme.fontSize
                    // A conflict: each field with the manager that owns it; any other refusal: the
                    // API server's own words.
                    text: outcome.modelData.conflicts.length > 0
                          ? qsTr("Owned by another field manager:") + "\n"
                            + outcome.modelData.conflicts.map(c => "  " + c.field + " — " + c.message).join("\n")
                          : outcome.modelData.refusal
                }
                Text {
                    width: parent.width
                    visible: outcome.modelData.skipped !== ""
                    wrapMode: Text.Wrap
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSize
                    text: outcome.modelData.skipped
                }
                TextArea {
                    width: parent.width
                    visible: outcome.modelData.diff !== "" && outcome.modelData.change !== "unchanged"
                    readOnly: true
                    selectByMouse: true
                    wrapMode: TextEdit.NoWrap
                    font.family: "monospace"
                    font.pixelSize: Theme.fontSize - 1
                    text: outcome.modelData.diff
                    background: Rectangle { color: Theme.panelAlt; radius: 3 }
                }
            }
        }
    }

    footer: DialogButtonBox {
        Button {
            objectName: "clusterApply"
            text: root.conflicts.length > 0 && !root.forced ? qsTr("Apply (Force first)")
                  : root.changes.length === 1 ? qsTr("Apply 1 change…")
                  : root.changes.length > 1 ? qsTr("Apply %1 changes…").arg(root.changes.length) : qsTr("Nothing to apply")
            visible: root.cluster.lastWasDryRun
            enabled: !root.cluster.busy && root.changes.length > 0 && root.refused.length === 0
                     && (root.conflicts.length === 0 || root.forced)
            highlighted: true
            onClicked: confirm.open()
        }
        Button {
            objectName: "clusterForce"
            text: qsTr("Force conflicts…")
            visible: root.cluster.lastWasDryRun && root.conflicts.length > 0 && !root.forced
            enabled: !root.cluster.busy
            onClicked: forceConfirm.open()
        }
        Button {
            objectName: "clusterClose"
            text: qsTr("Close")
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
        }
    }

    // The last word before anything is written: which cluster, and every change.
    Dialog {
        id: confirm
        objectName: "clusterApplyConfirm"
        title: qsTr("Apply to %1?").arg(root.cluster.context)
        modal: true
        anchors.centerIn: Overlay.overlay
        width: Math.min(560, Overlay.overlay ? Overlay.overlay.width - 60 : 560)
        background: Rectangle { color: Theme.panel; border.color: Theme.border; radius: 6 }
        Label {
            width: confirm.availableWidth
            wrapMode: Text.Wrap
            text: qsTr("Server-side apply as field manager gateway-studio to %1:").arg(root.cluster.target) + "\n\n"
                  + root.changes.map(o => "• " + o.change + ": " + o.id).join("\n")
                  + (root.forced ? "\n\n" + qsTr("Fields other managers own will be taken (force).") : "")
        }
        footer: DialogButtonBox {
            Button {
                objectName: "clusterApplyConfirmed"
                text: qsTr("Apply to %1").arg(root.cluster.context)
                DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            }
            Button {
                text: qsTr("Cancel")
                DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            }
        }
        onAccepted: root.cluster.apply(root.forced)
    }
    Dialog {
        id: forceConfirm
        objectName: "clusterForceConfirm"
        title: qsTr("Take fields another manager owns?")
        modal: true
        anchors.centerIn: Overlay.overlay
        width: Math.min(520, Overlay.overlay ? Overlay.overlay.width - 60 : 520)
        background: Rectangle { color: Theme.panel; border.color: Theme.border; radius: 6 }
        Label {
            width: forceConfirm.availableWidth
            wrapMode: Text.Wrap
            text: qsTr("The fields below belong to another field manager (a controller such as Flagger, or another tool). Forcing makes gateway-studio their owner; the other manager may change them back.")
                  + "\n\n" + root.conflicts.map(o => "• " + o.id + ": " + o.conflicts.map(c => c.message + " " + c.field).join(", ")).join("\n")
        }
        footer: DialogButtonBox {
            Button {
                objectName: "clusterForceConfirmed"
                text: qsTr("Dry run with force")
                DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            }
            Button {
                text: qsTr("Cancel")
                DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            }
        }
        onAccepted: root.dryRun(true)
    }
}
