<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="fr_FR">
<context>
    <name>maintenance</name>
    <message>
        <source>ACCÈS TECHNICIEN</source>
        <translation>TECHNICIAN ACCESS</translation>
    </message>
    <message>
        <source>SAISISSEZ LE CODE TECHNICIEN :</source>
        <translation>TYPE THE TECHNICIAN CODE:</translation>
    </message>
    <message>
        <source>VALIDER &gt;</source>
        <translation>CONFIRM &gt;</translation>
    </message>
    <message>
        <source>&lt; QUITTER</source>
        <translation>&lt; QUIT</translation>
    </message>
    <message>
        <source>Code incorrect. Il reste %1 essai.</source>
        <translation>Wrong code. %1 try left.</translation>
    </message>
    <message>
        <source>Code incorrect. Il reste %1 essais.</source>
        <translation>Wrong code. %1 tries left.</translation>
    </message>
    <message>
        <source>Trop de codes incorrects : accès verrouillé pendant %1.</source>
        <translation>Too many wrong codes: access locked for %1.</translation>
    </message>
    <message>
        <source>Accès technicien non configuré (commande bms-kiosk set-technician-code).</source>
        <translation>Technician access not configured (command bms-kiosk set-technician-code).</translation>
    </message>
    <message>
        <source>MAINTENANCE</source>
        <translation>MAINTENANCE</translation>
    </message>
    <message>
        <source>QUITTER</source>
        <translation>QUIT</translation>
    </message>
    <message>
        <source>ÉTAT</source>
        <translation>STATUS</translation>
    </message>
    <message>
        <source>RÉGLAGES</source>
        <translation>SETTINGS</translation>
    </message>
    <message>
        <source>PAIEMENTS (%1)</source>
        <translation>PAYMENTS (%1)</translation>
    </message>
    <message>
        <source>JOURNAL</source>
        <translation>LOG</translation>
    </message>
    <message>
        <source>Réglage</source>
        <translation>Setting</translation>
    </message>
    <message>
        <source>Valeur</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>LECTEUR DE CARTE</source>
        <translation>CARD READER</translation>
    </message>
    <message>
        <source>IMPRIMANTE</source>
        <translation>PRINTER</translation>
    </message>
    <message>
        <source>SERVEUR</source>
        <translation>SERVER</translation>
    </message>
    <message>
        <source>BORNE</source>
        <translation>TERMINAL</translation>
    </message>
    <message>
        <source>COMPTEURS DEPUIS LE DÉMARRAGE</source>
        <translation>COUNTERS SINCE START</translation>
    </message>
    <message>
        <source>PAGE DE TEST</source>
        <translation>TEST PAGE</translation>
    </message>
    <message>
        <source>REPRENDRE L&apos;IMPRIMANTE</source>
        <translation>RESUME THE PRINTER</translation>
    </message>
    <message>
        <source>ANNULER TOUS LES TRAVAUX</source>
        <translation>CANCEL ALL JOBS</translation>
    </message>
    <message>
        <source>ACTUALISER</source>
        <translation>REFRESH</translation>
    </message>
    <message>
        <source>MODE HORS SERVICE : NON</source>
        <translation>OUT-OF-SERVICE MODE: OFF</translation>
    </message>
    <message>
        <source>MODE HORS SERVICE : OUI</source>
        <translation>OUT-OF-SERVICE MODE: ON</translation>
    </message>
    <message>
        <source>EN SERVICE</source>
        <translation>WORKING</translation>
    </message>
    <message>
        <source>EN PANNE</source>
        <translation>BROKEN</translation>
    </message>
    <message>
        <source>PRÊTE</source>
        <translation>READY</translation>
    </message>
    <message>
        <source>NON PRÊTE</source>
        <translation>NOT READY</translation>
    </message>
    <message>
        <source>JOIGNABLE</source>
        <translation>REACHABLE</translation>
    </message>
    <message>
        <source>INJOIGNABLE</source>
        <translation>UNREACHABLE</translation>
    </message>
    <message>
        <source>Service PC/SC (pcscd) : %1</source>
        <translation>PC/SC service (pcscd): %1</translation>
    </message>
    <message>
        <source>   carte : %1, ATR %2</source>
        <translation>   card: %1, ATR %2</translation>
    </message>
    <message>
        <source>   pas de carte</source>
        <translation>   no card</translation>
    </message>
    <message>
        <source>File : %1</source>
        <translation>Queue: %1</translation>
    </message>
    <message>
        <source>État : %1</source>
        <translation>State: %1</translation>
    </message>
    <message>
        <source>Raisons : %1</source>
        <translation>Reasons: %1</translation>
    </message>
    <message>
        <source>aucune</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Travaux en attente : %1</source>
        <translation>Jobs waiting: %1</translation>
    </message>
    <message>
        <source>Message : %1</source>
        <translation>Message: %1</translation>
    </message>
    <message>
        <source>Joignable : non</source>
        <translation>Reachable: no</translation>
    </message>
    <message>
        <source>Joignable : oui</source>
        <translation>Reachable: yes</translation>
    </message>
    <message>
        <source>Latence : %1 ms</source>
        <translation>Latency: %1 ms</translation>
    </message>
    <message>
        <source>Version de l&apos;API : %1</source>
        <translation>API version: %1</translation>
    </message>
    <message>
        <source>%1 : %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>oui</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>non</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Paiements par carte dont l&apos;issue est inconnue : ils ne seront jamais redemandés au terminal. Vérifiez le journal du terminal de paiement pour chaque ordre, puis réglez-le : bms-kiosk settle-payment ORDRE accepte --authorisation N --card-last4 NNNN (ou : echoue). Le résultat est transmis au serveur au contrôle suivant.</source>
        <translation>Card payments with an unknown outcome: they will never be asked of the terminal again. Check the payment terminal&apos;s log for each order, then settle it: bms-kiosk settle-payment ORDER accepte --authorisation N --card-last4 NNNN (or: echoue). The result goes to the server at the next check.</translation>
    </message>
    <message>
        <source>Aucun paiement à vérifier.</source>
        <translation>No payment to check.</translation>
    </message>
    <message>
        <source>Identifiant</source>
        <translation>Identifier</translation>
    </message>
    <message>
        <source>Logiciel</source>
        <translation>Software</translation>
    </message>
    <message>
        <source>En service depuis</source>
        <translation>Up since</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Configuration</translation>
    </message>
    <message>
        <source>Mode hors service</source>
        <translation>Out-of-service mode</translation>
    </message>
    <message>
        <source>Cartes insérées</source>
        <translation>Cards inserted</translation>
    </message>
    <message>
        <source>Sessions ouvertes</source>
        <translation>Sessions opened</translation>
    </message>
    <message>
        <source>Parcours « %1 »</source>
        <translation>Journeys “%1”</translation>
    </message>
    <message>
        <source>Impressions réussies</source>
        <translation>Prints done</translation>
    </message>
    <message>
        <source>Impressions en échec</source>
        <translation>Prints failed</translation>
    </message>
    <message>
        <source>Cartes illisibles</source>
        <translation>Unreadable cards</translation>
    </message>
    <message>
        <source>Services indisponibles (erreurs)</source>
        <translation>Services unavailable (errors)</translation>
    </message>
    <message>
        <source>Passages hors service</source>
        <translation>Times out of service</translation>
    </message>
    <message>
        <source>Action en cours…</source>
        <translation>Action running…</translation>
    </message>
    <message>
        <source>Page de test imprimée (travail %1).</source>
        <translation>Test page printed (job %1).</translation>
    </message>
    <message>
        <source>Imprimante reprise : la file accepte et imprime de nouveau.</source>
        <translation>Printer resumed: the queue accepts and prints again.</translation>
    </message>
    <message>
        <source>%1 travail(aux) annulé(s).</source>
        <translation>%1 job(s) cancelled.</translation>
    </message>
    <message>
        <source>Échec : %1 (%2)</source>
        <translation>Failed: %1 (%2)</translation>
    </message>
    <message>
        <source>joignable</source>
        <translation>reachable</translation>
    </message>
    <message>
        <source>injoignable</source>
        <translation>unreachable</translation>
    </message>
    <message>
        <source>carte Vitale</source>
        <translation>carte Vitale</translation>
    </message>
    <message>
        <source>autre carte</source>
        <translation>other card</translation>
    </message>
    <message>
        <source>aucun lecteur</source>
        <translation>no reader</translation>
    </message>
    <message>
        <source>%1 minute</source>
        <translation>%1 minute</translation>
    </message>
    <message>
        <source>%1 minutes</source>
        <translation>%1 minutes</translation>
    </message>
    <message>
        <source>Caisse de rattachement affichée par la borne</source>
        <translation>Health insurance office shown by the terminal</translation>
    </message>
    <message>
        <source>Fenêtre plein écran sans bordure</source>
        <translation>Full-screen window without border</translation>
    </message>
    <message>
        <source>Cacher le pointeur de la souris (écran tactile)</source>
        <translation>Hide the mouse pointer (touch screen)</translation>
    </message>
    <message>
        <source>Niveau de journalisation</source>
        <translation>Logging level</translation>
    </message>
    <message>
        <source>Tracer les APDU dans le journal (diagnostic, jamais en service)</source>
        <translation>Trace the APDUs in the log (diagnosis, never in service)</translation>
    </message>
    <message>
        <source>Source des cartes : lecteur PC/SC réel ou simulation en mémoire</source>
        <translation>Card source: real PC/SC reader or in-memory simulation</translation>
    </message>
    <message>
        <source>Début du nom du lecteur à utiliser (vide : le premier trouvé)</source>
        <translation>Start of the name of the reader to use (empty: the first found)</translation>
    </message>
    <message>
        <source>Intervalle de surveillance du lecteur, en secondes</source>
        <translation>Reader polling interval, in seconds</translation>
    </message>
    <message>
        <source>Inactivité avant l&apos;avertissement, en secondes</source>
        <translation>Inactivity before the warning, in seconds</translation>
    </message>
    <message>
        <source>Temps laissé pour répondre à l&apos;avertissement d&apos;inactivité (au moins 20 s)</source>
        <translation>Time given to answer the inactivity warning (at least 20 s)</translation>
    </message>
    <message>
        <source>Nombre de prolongations possibles (« Continuer »), au moins 10</source>
        <translation>Number of extensions allowed (“Continue”), at least 10</translation>
    </message>
    <message>
        <source>Écrans lus une fois (accès bloqué, service indisponible, impression en échec) : temps sans toucher l&apos;écran avant l&apos;avertissement « Êtes-vous toujours là ? », en secondes</source>
        <translation>Screens read once (access blocked, service unavailable, print failed): time without touching the screen before the “Are you still there?” warning, in seconds</translation>
    </message>
    <message>
        <source>File CUPS de l&apos;imprimante (vide : imprimante fichier de démonstration)</source>
        <translation>CUPS queue of the printer (empty: demonstration file printer)</translation>
    </message>
    <message>
        <source>Serveur CUPS (socket ou hôte ; vide : celui du système)</source>
        <translation>CUPS server (socket or host; empty: the system&apos;s)</translation>
    </message>
    <message>
        <source>Temps maximum pour qu&apos;un travail soit imprimé, en secondes</source>
        <translation>Maximum time for a job to be printed, in seconds</translation>
    </message>
    <message>
        <source>Dossier de l&apos;imprimante fichier de démonstration</source>
        <translation>Folder of the demonstration file printer</translation>
    </message>
    <message>
        <source>Adresse IP du terminal de paiement (Caisse-AP sur IP)</source>
        <translation>IP address of the payment terminal (Caisse-AP over IP)</translation>
    </message>
    <message>
        <source>Port TCP du terminal de paiement</source>
        <translation>TCP port of the payment terminal</translation>
    </message>
    <message>
        <source>Identifiant protocole de la caisse (CJ, 12 caractères, attribué par l&apos;Association du Paiement)</source>
        <translation>Protocol identifier of the till (CJ, 12 characters, given by the Association du Paiement)</translation>
    </message>
    <message>
        <source>Numéro de caisse envoyé au terminal (CA, 2 chiffres)</source>
        <translation>Till number sent to the terminal (CA, 2 digits)</translation>
    </message>
    <message>
        <source>Délai de connexion au terminal de paiement, en secondes</source>
        <translation>Connection timeout to the payment terminal, in seconds</translation>
    </message>
    <message>
        <source>Durée maximum d&apos;un paiement sur le terminal (carte, code, autorisation), en secondes</source>
        <translation>Maximum duration of a payment on the terminal (card, PIN, authorisation), in seconds</translation>
    </message>
    <message>
        <source>Attente d&apos;une suite après une réponse complète du terminal (le protocole n&apos;a pas de fin de message), en secondes</source>
        <translation>Wait for more after a complete answer of the terminal (the protocol has no end of message), in seconds</translation>
    </message>
    <message>
        <source>Dossier des résultats de paiement pas encore accusés par le serveur (numéro d&apos;ordre, statut, autorisation, 4 derniers chiffres)</source>
        <translation>Folder of the payment results not yet acknowledged by the server (order number, status, authorisation, last 4 digits)</translation>
    </message>
    <message>
        <source>Synthèse vocale : speech-dispatcher (espeak-ng), moteur muet de Qt (mock) ou aucune (none)</source>
        <translation>Speech synthesis: speech-dispatcher (espeak-ng), Qt&apos;s silent engine (mock) or none (none)</translation>
    </message>
    <message>
        <source>Guidage vocal par le haut-parleur sans casque (jamais d&apos;information personnelle)</source>
        <translation>Speech guidance through the loudspeaker without a headset (never any personal information)</translation>
    </message>
    <message>
        <source>Casque branché (en attendant la détection de la prise) : tout est lu, en privé</source>
        <translation>Headset plugged (when the jack is not detected): everything is read, in private</translation>
    </message>
    <message>
        <source>Vitesse de la voix (-1 lente, 0 normale, 1 rapide)</source>
        <translation>Speed of the voice (-1 slow, 0 normal, 1 fast)</translation>
    </message>
    <message>
        <source>Volume de la voix (0,1 à 1)</source>
        <translation>Volume of the voice (0.1 to 1)</translation>
    </message>
    <message>
        <source>Marge avant de relancer une synthèse restée « en cours » au-delà de la durée de son texte, en secondes</source>
        <translation>Margin before restarting a speech engine still “speaking” past its text&apos;s length, in seconds</translation>
    </message>
    <message>
        <source>Empreinte (scrypt salé) du code technicien ; `bms-kiosk set-technician-code` la calcule</source>
        <translation>Hash (salted scrypt) of the technician code; `bms-kiosk set-technician-code` computes it</translation>
    </message>
    <message>
        <source>Codes technicien faux avant verrouillage de l&apos;accès</source>
        <translation>Wrong technician codes before the access is locked</translation>
    </message>
    <message>
        <source>Durée du verrouillage de l&apos;accès technicien, en secondes</source>
        <translation>Duration of the technician access lock, in seconds</translation>
    </message>
    <message>
        <source>Appui long dans le coin haut gauche de l&apos;accueil pour l&apos;accès technicien, en secondes</source>
        <translation>Long press in the top left corner of the home screen for the technician access, in seconds</translation>
    </message>
    <message>
        <source>Inactivité avant de quitter l&apos;écran de maintenance, en secondes</source>
        <translation>Inactivity before leaving the maintenance screen, in seconds</translation>
    </message>
    <message>
        <source>Journal d&apos;audit des accès et actions technicien (JSON lines, sans donnée personnelle)</source>
        <translation>Audit log of technician accesses and actions (JSON lines, no personal data)</translation>
    </message>
    <message>
        <source>Adresse d&apos;écoute des métriques Prometheus (127.0.0.1 : la borne seule ; 0.0.0.0 : le réseau de l&apos;agence)</source>
        <translation>Listening address of the Prometheus metrics (127.0.0.1: the terminal only; 0.0.0.0: the office network)</translation>
    </message>
    <message>
        <source>Port des métriques Prometheus (0 : pas de métriques)</source>
        <translation>Port of the Prometheus metrics (0: no metrics)</translation>
    </message>
    <message>
        <source>Intervalle des vérifications lecteur / imprimante / serveur (hors service automatique), en secondes</source>
        <translation>Interval of the reader / printer / server checks (automatic out of service), in seconds</translation>
    </message>
    <message>
        <source>défauts</source>
        <translation>defaults</translation>
    </message>
    <message>
        <source>Identifiant de la borne, imprimé sur les documents</source>
        <translation>Identifier of the terminal, printed on the documents</translation>
    </message>
    <message>
        <source>URL de l&apos;API téléservices (vide : serveur de référence embarqué)</source>
        <translation>URL of the online services API (empty: embedded reference server)</translation>
    </message>
    <message>
        <source>Identifiant secret de la borne auprès de l&apos;API</source>
        <translation>Secret identifier of the terminal for the API</translation>
    </message>
    <message>
        <source>Certificats d&apos;autorité pour TLS (vide : ceux du système)</source>
        <translation>Certificate authorities for TLS (empty: the system&apos;s)</translation>
    </message>
    <message>
        <source>Certificat client TLS de la borne (PEM)</source>
        <translation>TLS client certificate of the terminal (PEM)</translation>
    </message>
    <message>
        <source>Délai de connexion à l&apos;API, en secondes</source>
        <translation>Connection timeout to the API, in seconds</translation>
    </message>
    <message>
        <source>Délai de réponse de l&apos;API, en secondes</source>
        <translation>Response timeout of the API, in seconds</translation>
    </message>
    <message>
        <source>Nouvelles tentatives pour les appels idempotents</source>
        <translation>Retries of idempotent calls</translation>
    </message>
    <message>
        <source>Durée maximale d&apos;un appel à l&apos;API, nouvelles tentatives comprises, en secondes</source>
        <translation>Maximum duration of an API call, retries included, in seconds</translation>
    </message>
    <message>
        <source>Mandataire HTTP(S) vers l&apos;API (vide : connexion directe ; l&apos;environnement n&apos;est jamais lu)</source>
        <translation>HTTP(S) proxy to the API (empty: direct connection; the environment is never read)</translation>
    </message>
    <message>
        <source>Codes faux avant blocage du compte pour la borne</source>
        <translation>Wrong codes before the account is blocked on the terminal</translation>
    </message>
    <message>
        <source>Durée de vie d&apos;une session côté serveur, en secondes</source>
        <translation>Lifetime of a server-side session, in seconds</translation>
    </message>
    <message>
        <source>Validité d&apos;un code reçu par SMS, en secondes</source>
        <translation>Validity of a code received by text message, in seconds</translation>
    </message>
    <message>
        <source>Délai minimum entre deux SMS de code pour un compte, en secondes</source>
        <translation>Minimum delay between two code text messages for an account, in seconds</translation>
    </message>
    <message>
        <source>Nombre de chiffres d&apos;un code envoyé par SMS</source>
        <translation>Number of digits of a code sent by text message</translation>
    </message>
    <message>
        <source>Durée du blocage d&apos;un compte après trop de codes faux (un conseiller peut le lever avant), en secondes</source>
        <translation>Duration of an account&apos;s block after too many wrong codes (an adviser can lift it sooner), in seconds</translation>
    </message>
    <message>
        <source>Validité d&apos;un ordre de paiement en attente ; son montant reste réservé jusque-là, en secondes</source>
        <translation>Validity of a pending payment order; its amount stays reserved until then, in seconds</translation>
    </message>
    <message>
        <source>Solde PF/FR minimum pour le paiement d&apos;une créance, en euros</source>
        <translation>Minimum PF/FR balance to pay a debt, in euros</translation>
    </message>
    <message>
        <source>Solde PF/FR maximum pour le paiement d&apos;une créance, en euros</source>
        <translation>Maximum PF/FR balance to pay a debt, in euros</translation>
    </message>
    <message>
        <source>Montant minimum d&apos;un paiement, en euros</source>
        <translation>Minimum amount of a payment, in euros</translation>
    </message>
    <message>
        <source>Montant maximum d&apos;un paiement, en euros</source>
        <translation>Maximum amount of a payment, in euros</translation>
    </message>
    <message>
        <source>Bénéficiaires concernés à partir duquel la sélection d&apos;OC n&apos;est pas proposée</source>
        <translation>Number of beneficiaries concerned from which the choice of complementary insurer is not offered</translation>
    </message>
    <message>
        <source>Délai de traitement d&apos;un choix d&apos;OC, en jours</source>
        <translation>Processing time of a complementary insurer choice, in days</translation>
    </message>
    <message>
        <source>Conservation des messages, en mois</source>
        <translation>Retention of the messages, in months</translation>
    </message>
    <message>
        <source>Disponibilité du relevé fiscal, en mois</source>
        <translation>Availability of the tax statement, in months</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Cette borne n&apos;est pas autorisée à accéder au service. Merci de vous adresser à un conseiller.</source>
        <translation>This terminal is not allowed to reach the service. Please ask an adviser.</translation>
    </message>
    <message>
        <source>Votre session a expiré. Merci de vous identifier à nouveau.</source>
        <translation>Your session has expired. Please identify yourself again.</translation>
    </message>
    <message>
        <source>Service momentanément indisponible. Merci de réessayer plus tard.</source>
        <translation>Service temporarily unavailable. Please try again later.</translation>
    </message>
    <message>
        <source>Nous ne trouvons pas votre compte. Merci de vous adresser à un conseiller.</source>
        <translation>We cannot find your account. Please ask an adviser.</translation>
    </message>
    <message>
        <source>Code incorrect. Il vous reste {attempts_left} {tries}.</source>
        <translation>Wrong code. You have {attempts_left} {tries} left.</translation>
    </message>
    <message>
        <source>Attention : c&apos;est votre dernier essai. Après un nouveau code incorrect, votre accès à la borne sera bloqué et vous devrez vous adresser à l&apos;accueil.</source>
        <translation>Warning: this is your last try. After another wrong code, your access to the kiosk will be blocked and you will have to ask at the reception desk.</translation>
    </message>
    <message>
        <source>Votre compte est bloqué sur la borne après plusieurs codes erronés. Merci de vous adresser à un conseiller à l&apos;accueil.</source>
        <translation>Your account is blocked on the terminal after several wrong codes. Please ask an adviser at the reception desk.</translation>
    </message>
    <message>
        <source>Aucun numéro de mobile n&apos;est connu pour votre compte : utilisez votre code de sécurité.</source>
        <translation>No mobile number is known for your account: use your security code.</translation>
    </message>
    <message>
        <source>Valeur incorrecte : {field}.</source>
        <translation>Incorrect value: {field}.</translation>
    </message>
    <message>
        <source>Numéro de sécurité sociale incorrect.</source>
        <translation>Incorrect social security number.</translation>
    </message>
    <message>
        <source>La référence de l&apos;avis comporte 16 chiffres suivis d&apos;une lettre majuscule.</source>
        <translation>The notice reference has 16 digits followed by a capital letter.</translation>
    </message>
    <message>
        <source>Le montant doit être en euros avec au plus 2 décimales.</source>
        <translation>The amount must be in euros with at most 2 decimals.</translation>
    </message>
    <message>
        <source>Montant incorrect.</source>
        <translation>Incorrect amount.</translation>
    </message>
    <message>
        <source>Numéro d&apos;autorisation incorrect.</source>
        <translation>Incorrect authorisation number.</translation>
    </message>
    <message>
        <source>Les 4 derniers chiffres de la carte sont attendus.</source>
        <translation>The last 4 digits of the card are expected.</translation>
    </message>
    <message>
        <source>Ce service n&apos;est pas disponible pour vous.</source>
        <translation>This service is not available to you.</translation>
    </message>
    <message>
        <source>Cette personne ne figure pas sur la carte.</source>
        <translation>This person is not on the card.</translation>
    </message>
    <message>
        <source>Aucun droit ouvert : ce service ne peut pas vous être proposé.</source>
        <translation>No open entitlement: this service cannot be offered to you.</translation>
    </message>
    <message>
        <source>Votre attestation est en cours de composition. Merci de bien vouloir nous préciser votre nouvelle adresse dont nous n&apos;avons pas connaissance.</source>
        <translation>Your certificate is being prepared. Please give us your new address, which we do not know.</translation>
    </message>
    <message>
        <source>Nous ne pouvons satisfaire votre demande car les informations vous concernant doivent être mises à jour. Veuillez contacter votre caisse.</source>
        <translation>We cannot fulfil your request because your information must be updated. Please contact your insurance office.</translation>
    </message>
    <message>
        <source>Aucune indemnité journalière n&apos;a été versée sur la période.</source>
        <translation>No daily allowance was paid over the period.</translation>
    </message>
    <message>
        <source>Aucun relevé fiscal n&apos;est disponible pour votre compte.</source>
        <translation>No tax statement is available for your account.</translation>
    </message>
    <message>
        <source>Le relevé fiscal n&apos;est disponible que {months} mois après sa publication.</source>
        <translation>The tax statement is only available {months} months after its publication.</translation>
    </message>
    <message>
        <source>Cette référence de courrier n&apos;est pas ouverte au paiement en ligne.</source>
        <translation>This letter reference cannot be paid online.</translation>
    </message>
    <message>
        <source>Le montant restant dû pour cette référence de courrier est inférieur au montant minimum de paiement en ligne : merci d&apos;utiliser un autre moyen de paiement.</source>
        <translation>The amount still due for this letter reference is below the minimum online payment: please use another means of payment.</translation>
    </message>
    <message>
        <source>Le paiement en ligne de vos créances n&apos;est pas disponible pour votre compte : merci d&apos;utiliser un autre moyen de paiement.</source>
        <translation>Online payment of debts is not available for your account: please use another means of payment.</translation>
    </message>
    <message>
        <source>Vous pouvez payer entre {minimum:g}€ et {maximum:g}€ par paiement</source>
        <translation>You can pay between €{minimum:g} and €{maximum:g} per payment</translation>
    </message>
    <message>
        <source>Le montant du paiement dépasse le solde des références sélectionnées.</source>
        <translation>The payment amount exceeds the balance of the selected references.</translation>
    </message>
    <message>
        <source>Paiement inconnu.</source>
        <translation>Unknown payment.</translation>
    </message>
    <message>
        <source>Votre paiement a été accepté.</source>
        <translation>Your payment has been accepted.</translation>
    </message>
    <message>
        <source>Nous vous conseillons de conserver vos informations de paiement.</source>
        <translation>We advise you to keep your payment details.</translation>
    </message>
    <message>
        <source>Votre transaction de paiement a échoué.</source>
        <translation>Your payment transaction failed.</translation>
    </message>
    <message>
        <source>Clé d&apos;idempotence déjà utilisée pour une autre demande.</source>
        <translation>Idempotency key already used for another request.</translation>
    </message>
    <message>
        <source>Demande déjà en cours d&apos;enregistrement : réessayez.</source>
        <translation>Request already being recorded: try again.</translation>
    </message>
    <message>
        <source>Le résultat de ce paiement est déjà enregistré.</source>
        <translation>The result of this payment is already recorded.</translation>
    </message>
    <message>
        <source>Une demande est déjà en cours de traitement.</source>
        <translation>A request is already being processed.</translation>
    </message>
    <message>
        <source>La transmission automatique des remboursements vers votre complémentaire est bloquée. Sélectionnez l&apos;une de vos complémentaires pour l&apos;activer.</source>
        <translation>Automatic sending of reimbursements to your complementary insurer is blocked. Select one of your insurers to turn it back on.</translation>
    </message>
    <message>
        <source>Aucun chevauchement de complémentaires n&apos;est à régler.</source>
        <translation>There is no overlap of insurers to settle.</translation>
    </message>
    <message>
        <source>Cette personne n&apos;est pas concernée par le chevauchement.</source>
        <translation>This person is not concerned by the overlap.</translation>
    </message>
    <message>
        <source>Organisme complémentaire inconnu pour cette personne.</source>
        <translation>Unknown complementary insurer for this person.</translation>
    </message>
    <message>
        <source>Un choix est attendu pour chaque bénéficiaire concerné.</source>
        <translation>A choice is expected for each beneficiary concerned.</translation>
    </message>
    <message>
        <source>Requête trop volumineuse.</source>
        <translation>Request too large.</translation>
    </message>
    <message>
        <source>Un code vient de vous être envoyé. Merci de patienter avant d&apos;en demander un autre.</source>
        <translation>A code has just been sent to you. Please wait before asking for another.</translation>
    </message>
    <message>
        <source>Vous pourrez demander un nouveau code dans {seconds} {unit}.</source>
        <translation>You can ask for a new code in {seconds} {unit}.</translation>
    </message>
    <message>
        <source>essai</source>
        <translation>try</translation>
    </message>
    <message>
        <source>essais</source>
        <translation>tries</translation>
    </message>
    <message>
        <source>seconde</source>
        <translation>second</translation>
    </message>
    <message>
        <source>secondes</source>
        <translation>seconds</translation>
    </message>
</context>
<context>
    <name>screens</name>
    <message>
        <source>Bienvenue sur la borne de l&apos;Assurance Maladie</source>
        <translation>Welcome to the Assurance Maladie terminal</translation>
    </message>
    <message>
        <source>SAISISSEZ VOTRE CODE DE SÉCURITÉ :</source>
        <translation>TYPE YOUR SECURITY CODE:</translation>
    </message>
    <message>
        <source>Recevoir un code par SMS</source>
        <translation>Get a code by text message</translation>
    </message>
    <message>
        <source>Saisissez le code de sécurité de votre compte ameli avec le clavier, puis touchez CONFIRMER. Vous n&apos;avez pas de code ? Touchez « Recevoir un code par SMS » : un code à usage unique est envoyé au numéro de mobile que nous connaissons.</source>
        <translation>Type the security code of your ameli account on the keypad, then tap CONFIRM. No code? Tap “Get a code by text message”: a one-time code is sent to the mobile number we know.</translation>
    </message>
    <message>
        <source>Le code de sécurité est celui de votre compte ameli. Il n&apos;est jamais conservé par la borne.</source>
        <translation>The security code is the one of your ameli account. The terminal never keeps it.</translation>
    </message>
    <message>
        <source>Suivez les indications à l&apos;écran. En cas de difficulté, adressez-vous à l&apos;accueil.</source>
        <translation>Follow the instructions on the screen. If you need help, ask at the reception desk.</translation>
    </message>
    <message>
        <source>ACCUEIL</source>
        <translation>HOME</translation>
    </message>
    <message>
        <source>&lt; RETOUR</source>
        <translation>&lt; BACK</translation>
    </message>
    <message>
        <source>? AIDE</source>
        <translation>? HELP</translation>
    </message>
    <message>
        <source>Impression en cours…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>RÉESSAYER &gt;</source>
        <translation>TRY AGAIN &gt;</translation>
    </message>
    <message>
        <source>IMPRIMER &gt;</source>
        <translation>PRINT &gt;</translation>
    </message>
    <message>
        <source>Contenu du document</source>
        <translation>Content of the document</translation>
    </message>
    <message>
        <source>AGRANDIR LE HAUT</source>
        <translation>ZOOM ON THE TOP</translation>
    </message>
    <message>
        <source>AGRANDIR LE BAS</source>
        <translation>ZOOM ON THE BOTTOM</translation>
    </message>
    <message>
        <source>VOIR LA PAGE ENTIÈRE</source>
        <translation>SEE THE WHOLE PAGE</translation>
    </message>
    <message>
        <source>Touchez le service que vous souhaitez utiliser. Un service grisé n&apos;est pas disponible pour le moment : la raison est écrite dessous. Pour partir, retirez votre carte Vitale.</source>
        <translation>Tap the service you want to use. A greyed-out service is not available right now: the reason is written below it. To leave, remove your carte Vitale.</translation>
    </message>
    <message>
        <source>MES SERVICES</source>
        <translation>MY SERVICES</translation>
    </message>
    <message>
        <source>QUE SOUHAITEZ-VOUS FAIRE ?</source>
        <translation>WHAT WOULD YOU LIKE TO DO?</translation>
    </message>
    <message>
        <source>Pour terminer, retirez votre carte Vitale.</source>
        <translation>To finish, remove your carte Vitale.</translation>
    </message>
    <message>
        <source>TERMINER</source>
        <translation>FINISH</translation>
    </message>
    <message>
        <source>Merci de patienter.</source>
        <translation>Please wait.</translation>
    </message>
    <message>
        <source>&lt; PAGE PRÉCÉDENTE</source>
        <translation>&lt; PREVIOUS PAGE</translation>
    </message>
    <message>
        <source>PAGE SUIVANTE &gt;</source>
        <translation>NEXT PAGE &gt;</translation>
    </message>
    <message>
        <source>Page précédente</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <source>Page suivante</source>
        <translation>Next page</translation>
    </message>
    <message>
        <source>TOUT
EFFACER</source>
        <translation>CLEAR
ALL</translation>
    </message>
    <message>
        <source>⌫
CORRIGER</source>
        <translation>⌫
CORRECT</translation>
    </message>
    <message>
        <source>Effacer le dernier chiffre</source>
        <translation>Delete the last digit</translation>
    </message>
    <message>
        <source>Tout effacer</source>
        <translation>Clear all</translation>
    </message>
    <message>
        <source>Code saisi</source>
        <translation>Code typed</translation>
    </message>
    <message>
        <source>SAISISSEZ LE CODE REÇU PAR SMS :</source>
        <translation>TYPE THE CODE RECEIVED BY TEXT MESSAGE:</translation>
    </message>
    <message>
        <source>Renvoyer le code</source>
        <translation>Send the code again</translation>
    </message>
    <message>
        <source>Utiliser mon code de sécurité</source>
        <translation>Use my security code</translation>
    </message>
    <message>
        <source>Un code vient d&apos;être envoyé par SMS au %1.</source>
        <translation>A code has just been sent by text message to %1.</translation>
    </message>
    <message>
        <source>Un nouveau code vient d&apos;être envoyé par SMS au %1. Le code précédent n&apos;est plus valable.</source>
        <translation>A new code has just been sent by text message to %1. The previous code is no longer valid.</translation>
    </message>
    <message>
        <source>Le code reçu par SMS compte %1 chiffres. Il est valable %2 minute et ne sert qu&apos;une fois ; il n&apos;est jamais conservé par la borne.</source>
        <translation>The code received by text message has %1 digits. It is valid for %2 minute and can be used only once; the kiosk never keeps it.</translation>
    </message>
    <message>
        <source>Le code reçu par SMS compte %1 chiffres. Il est valable %2 minutes et ne sert qu&apos;une fois ; il n&apos;est jamais conservé par la borne.</source>
        <translation>The code received by text message has %1 digits. It is valid for %2 minutes and can be used only once; the kiosk never keeps it.</translation>
    </message>
    <message>
        <source>Saisissez avec le clavier le code reçu par SMS sur votre téléphone mobile, puis touchez CONFIRMER. Vous n&apos;avez rien reçu après quelques instants ? Touchez « Renvoyer le code ». Touchez RETOUR pour utiliser votre code de sécurité à la place.</source>
        <translation>Type on the keypad the code received by text message on your mobile phone, then tap CONFIRM. Nothing received after a few moments? Tap “Send the code again”. Tap BACK to use your security code instead.</translation>
    </message>
</context>
<context>
    <name>services</name>
    <message>
        <source>MON ATTESTATION DE DROITS</source>
        <translation>MY CERTIFICATE OF ENTITLEMENT</translation>
    </message>
    <message>
        <source>Voici votre attestation de droits.</source>
        <translation>Here is your certificate of entitlement.</translation>
    </message>
    <message>
        <source>Vérifiez-la, puis touchez IMPRIMER.</source>
        <translation>Check it, then tap PRINT.</translation>
    </message>
    <message>
        <source>Votre attestation s&apos;imprime. Elle sortira dans le bac situé sous l&apos;écran.</source>
        <translation>Your certificate is printing. It will come out in the tray below the screen.</translation>
    </message>
    <message>
        <source>Votre attestation a été imprimée</source>
        <translation>Your certificate has been printed</translation>
    </message>
    <message>
        <source>Récupérez-la dans le bac situé sous l&apos;écran.</source>
        <translation>Take it from the tray below the screen.</translation>
    </message>
    <message>
        <source>Votre attestation n&apos;a pas été imprimée. Vous pouvez la télécharger depuis votre compte ameli ou vous adresser à l&apos;accueil.</source>
        <translation>Your certificate was not printed. You can download it from your ameli account or ask at the reception desk.</translation>
    </message>
    <message>
        <source>Voici votre attestation. Touchez IMPRIMER pour l&apos;obtenir sur papier : elle sort dans le bac situé sous l&apos;écran. Touchez RETOUR pour modifier votre choix.</source>
        <translation>Here is your certificate. Tap PRINT to get it on paper: it comes out in the tray below the screen. Tap BACK to change your choice.</translation>
    </message>
    <message>
        <source>Adressez-vous à l&apos;accueil pour faire le point sur votre situation.</source>
        <translation>Ask at the reception desk to review your situation.</translation>
    </message>
    <message>
        <source>Aucun droit ouvert</source>
        <translation>No open entitlement</translation>
    </message>
    <message>
        <source>Votre adresse n&apos;est pas à jour</source>
        <translation>Your address is not up to date</translation>
    </message>
    <message>
        <source>Nous ne connaissons pas votre adresse actuelle : votre attestation ne peut pas être délivrée sur cette borne. Indiquez votre nouvelle adresse à un conseiller de l&apos;accueil, ou depuis votre compte ameli ; vous pourrez ensuite obtenir votre attestation.</source>
        <translation>We do not know your current address: your certificate cannot be issued at this kiosk. Give your new address to an adviser at the reception desk, or in your ameli account; you will then be able to get your certificate.</translation>
    </message>
    <message>
        <source>Informations à mettre à jour</source>
        <translation>Information to update</translation>
    </message>
    <message>
        <source>Pour : %1</source>
        <translation>For: %1</translation>
    </message>
    <message>
        <source>Pour : les %1 bénéficiaires</source>
        <translation>For: the %1 beneficiaries</translation>
    </message>
    <message>
        <source>Droits ouverts du %1 au %2</source>
        <translation>Entitlement open from %1 to %2</translation>
    </message>
    <message>
        <source>Droits ouverts : les dates de chaque personne sont sur le document</source>
        <translation>Entitlement open: each person&apos;s dates are on the document</translation>
    </message>
    <message>
        <source>Exonération du ticket modérateur : %1</source>
        <translation>Exemption from the patient contribution: %1</translation>
    </message>
    <message>
        <source>Médecin traitant : %1</source>
        <translation>Regular doctor: %1</translation>
    </message>
    <message>
        <source>Délivrée le %1</source>
        <translation>Issued on %1</translation>
    </message>
    <message>
        <source>Mon attestation de droits</source>
        <translation>My certificate of entitlement</translation>
    </message>
    <message>
        <source>Justifie de vos droits à l&apos;assurance maladie et de votre médecin traitant.</source>
        <translation>Proves your health insurance entitlement and your regular doctor.</translation>
    </message>
    <message>
        <source>Préparation de votre attestation…</source>
        <translation>Preparing your certificate…</translation>
    </message>
    <message>
        <source>Seules les personnes qui bénéficient d&apos;une exonération du ticket modérateur sont concernées par cette question ; pour les autres, rien ne change.</source>
        <translation>Only the people exempted from the patient co-payment are asked this question; nothing changes for the others.</translation>
    </message>
    <message>
        <source>IL MANQUE UNE PERSONNE ?</source>
        <translation>IS SOMEONE MISSING?</translation>
    </message>
    <message>
        <source>Seules les personnes inscrites sur votre carte Vitale apparaissent dans la liste. Pour ajouter une personne (naissance, mariage, changement de situation), faites la démarche depuis votre compte ameli ou adressez-vous à un conseiller de l&apos;accueil. Chaque personne de plus de 16 ans peut aussi utiliser sa propre carte Vitale.</source>
        <translation>Only the people registered on your carte Vitale are in the list. To add someone (birth, marriage, change of situation), do it from your ameli account or ask an adviser at the reception desk. Anyone over 16 can also use their own carte Vitale.</translation>
    </message>
    <message>
        <source>Choisissez « L&apos;ensemble des bénéficiaires » pour une attestation qui concerne toutes les personnes de votre carte, ou une seule personne. Touchez ensuite CONFIRMER.</source>
        <translation>Choose “All beneficiaries” for a certificate covering everyone on your card, or one person. Then tap CONFIRM.</translation>
    </message>
    <message>
        <source>VOUS SOUHAITEZ OBTENIR UNE ATTESTATION POUR :</source>
        <translation>YOU WANT A CERTIFICATE FOR:</translation>
    </message>
    <message>
        <source>Il manque une personne dans la liste ?</source>
        <translation>Is someone missing from the list?</translation>
    </message>
    <message>
        <source>L&apos;ensemble des bénéficiaires</source>
        <translation>All beneficiaries</translation>
    </message>
    <message>
        <source>Souhaitez-vous ajouter pour %1 les informations suivantes :</source>
        <translation>Would you like to add the following for %1:</translation>
    </message>
    <message>
        <source>L&apos;exonération du ticket modérateur</source>
        <translation>Exemption from the patient&apos;s share of costs</translation>
    </message>
    <message>
        <source>NON</source>
        <translation>NO</translation>
    </message>
    <message>
        <source>OUI</source>
        <translation>YES</translation>
    </message>
    <message>
        <source>L&apos;exonération du ticket modérateur signifie que certains soins sont pris en charge à 100 %. Répondez OUI pour que cette information figure sur l&apos;attestation, NON sinon.</source>
        <translation>The exemption means that some care is covered at 100%. Answer YES to have it shown on the certificate, NO otherwise.</translation>
    </message>
    <message>
        <source>L&apos;attestation justifie de vos droits et de votre déclaration d&apos;un médecin traitant.</source>
        <translation>The certificate proves your entitlement and your declared regular doctor.</translation>
    </message>
    <message>
        <source>Voici le reçu de votre paiement.</source>
        <translation>Here is the receipt of your payment.</translation>
    </message>
    <message>
        <source>Vérifiez-le, puis touchez IMPRIMER.</source>
        <translation>Check it, then tap PRINT.</translation>
    </message>
    <message>
        <source>Votre reçu s&apos;imprime. Il sortira dans le bac situé sous l&apos;écran.</source>
        <translation>Your receipt is printing. It will come out in the tray below the screen.</translation>
    </message>
    <message>
        <source>Votre reçu a été imprimé</source>
        <translation>Your receipt has been printed</translation>
    </message>
    <message>
        <source>Votre reçu n&apos;a pas été imprimé. L&apos;accusé de réception de votre paiement est dans votre messagerie ameli.</source>
        <translation>Your receipt was not printed. The acknowledgement of your payment is in your ameli messages.</translation>
    </message>
    <message>
        <source>Voici le reçu de votre paiement. Touchez IMPRIMER pour l&apos;obtenir sur papier.</source>
        <translation>Here is the receipt of your payment. Tap PRINT to get it on paper.</translation>
    </message>
    <message>
        <source>PAYER UNE CRÉANCE</source>
        <translation>PAY A DEBT</translation>
    </message>
    <message>
        <source>Payer une créance</source>
        <translation>Pay a debt</translation>
    </message>
    <message>
        <source>Régler par carte bancaire un avis de sommes à payer (participations forfaitaires, franchises).</source>
        <translation>Pay a notice of amounts due by bank card (flat-rate contributions, deductibles).</translation>
    </message>
    <message>
        <source>Vous avez reçu un avis de sommes à payer. Saisissez votre référence présente dans votre courrier pour accéder au paiement.</source>
        <translation>You received a notice of amounts due. Type the reference shown on your letter to pay.</translation>
    </message>
    <message>
        <source>Où trouver la référence de votre avis ?</source>
        <translation>Where is the reference of my notice?</translation>
    </message>
    <message>
        <source>La référence de l&apos;avis se trouve en en-tête du courrier « Avis de sommes à payer », en haut à droite : 16 chiffres suivis d&apos;une lettre. Saisissez les 16 chiffres, puis touchez la lettre.</source>
        <translation>The reference is at the top right of the letter “Avis de sommes à payer”: 16 digits followed by a letter. Type the 16 digits, then tap the letter.</translation>
    </message>
    <message>
        <source>Référence de l&apos;avis * :</source>
        <translation>Notice reference *:</translation>
    </message>
    <message>
        <source>Les 16 chiffres :</source>
        <translation>The 16 digits:</translation>
    </message>
    <message>
        <source>Puis la lettre :</source>
        <translation>Then the letter:</translation>
    </message>
    <message>
        <source>RECHERCHER</source>
        <translation>SEARCH</translation>
    </message>
    <message>
        <source>Saisissez les 16 chiffres de la référence de votre avis sur le clavier de gauche, puis la lettre sur le clavier de droite. Touchez ensuite RECHERCHER.</source>
        <translation>Type the 16 digits of your notice&apos;s reference on the left keypad, then the letter on the right keypad. Then tap SEARCH.</translation>
    </message>
    <message>
        <source>Recherche de votre créance…</source>
        <translation>Looking for your debt…</translation>
    </message>
    <message>
        <source>Créance (Référence : {reference})</source>
        <translation>Debt (Reference: {reference})</translation>
    </message>
    <message>
        <source>Caisse gestionnaire : {caisse}</source>
        <translation>Managing office: {caisse}</translation>
    </message>
    <message>
        <source>Montant initial dû : {amount}</source>
        <translation>Initial amount due: {amount}</translation>
    </message>
    <message>
        <source>Montant restant dû : {amount}</source>
        <translation>Amount still due: {amount}</translation>
    </message>
    <message>
        <source>Autres références de courrier dont vous êtes redevable</source>
        <translation>Other letter references you owe</translation>
    </message>
    <message>
        <source>{n} références trouvé(es)</source>
        <translation>{n} reference(s) found</translation>
    </message>
    <message>
        <source>Payer aussi la référence %1</source>
        <translation>Also pay reference %1</translation>
    </message>
    <message>
        <source>{reference} — émis le {issued}
Montant initial dû : {initial} · restant dû : {remaining}</source>
        <translation>{reference} — issued on {issued}
Initial amount due: {initial} · still due: {remaining}</translation>
    </message>
    <message>
        <source>{n} références sélectionné(es)</source>
        <translation>{n} reference(s) selected</translation>
    </message>
    <message>
        <source>Solde total à payer : {amount}</source>
        <translation>Total balance to pay: {amount}</translation>
    </message>
    <message>
        <source>Montant du paiement * :</source>
        <translation>Payment amount *:</translation>
    </message>
    <message>
        <source>{amount} €</source>
        <translation>€{amount}</translation>
    </message>
    <message>
        <source>ABANDONNER</source>
        <translation>CANCEL</translation>
    </message>
    <message>
        <source>PAYER</source>
        <translation>PAY</translation>
    </message>
    <message>
        <source>Cochez les autres références que vous voulez régler, puis saisissez le montant du paiement sur le clavier. Touchez PAYER, puis présentez votre carte bancaire sur le terminal de paiement.</source>
        <translation>Tick the other references you want to pay, then type the payment amount on the keypad. Tap PAY, then present your bank card on the payment terminal.</translation>
    </message>
    <message>
        <source>Saisissez un montant en euros, par exemple 25,50.</source>
        <translation>Type an amount in euros, for example 25,50.</translation>
    </message>
    <message>
        <source>Le montant ne peut pas dépasser le solde total à payer ({amount}).</source>
        <translation>The amount cannot exceed the total balance to pay ({amount}).</translation>
    </message>
    <message>
        <source>Présentez votre carte sur le terminal de paiement</source>
        <translation>Present your card on the payment terminal</translation>
    </message>
    <message>
        <source>Suivez les indications du terminal de paiement, situé à droite de l&apos;écran.</source>
        <translation>Follow the instructions of the payment terminal, on the right of the screen.</translation>
    </message>
    <message>
        <source>Préparation de votre paiement…</source>
        <translation>Preparing your payment…</translation>
    </message>
    <message>
        <source>Nous vous remercions pour votre paiement, nous le traitons dans les plus brefs délais.</source>
        <translation>Thank you for your payment; we will process it as soon as possible.</translation>
    </message>
    <message>
        <source>Imprimer le reçu du paiement</source>
        <translation>Print the payment receipt</translation>
    </message>
    <message>
        <source>Aucun montant n&apos;a été débité. Vous pouvez réessayer ou utiliser un autre moyen de paiement.</source>
        <translation>Nothing was charged. You can try again or use another means of payment.</translation>
    </message>
    <message>
        <source>Le paiement a été refusé par votre banque.</source>
        <translation>The payment was refused by your bank.</translation>
    </message>
    <message>
        <source>Le paiement a été annulé sur le terminal.</source>
        <translation>The payment was cancelled on the terminal.</translation>
    </message>
    <message>
        <source>Le terminal n&apos;a pas reçu de réponse à temps.</source>
        <translation>The terminal did not get an answer in time.</translation>
    </message>
    <message>
        <source>Le terminal de paiement ne répond pas.</source>
        <translation>The payment terminal does not answer.</translation>
    </message>
    <message>
        <source>Le terminal de paiement est occupé.</source>
        <translation>The payment terminal is busy.</translation>
    </message>
    <message>
        <source>Paiement à vérifier</source>
        <translation>Payment to be checked</translation>
    </message>
    <message>
        <source>Le terminal de paiement n&apos;a pas confirmé votre paiement. Aucun nouveau débit ne sera demandé pour cette opération : adressez-vous à l&apos;accueil, un technicien vérifiera auprès du terminal.</source>
        <translation>The payment terminal did not confirm your payment. You will not be charged again for it: ask at the reception desk, a technician will check with the terminal.</translation>
    </message>
    <message>
        <source>Montant : {amount}</source>
        <translation>Amount: {amount}</translation>
    </message>
    <message>
        <source>Numéro d&apos;autorisation : {number}</source>
        <translation>Authorisation number: {number}</translation>
    </message>
    <message>
        <source>Carte bancaire : **** **** **** {last4}</source>
        <translation>Bank card: **** **** **** {last4}</translation>
    </message>
    <message>
        <source>Paiement impossible</source>
        <translation>Payment not possible</translation>
    </message>
    <message>
        <source>Montant trop faible</source>
        <translation>Amount too small</translation>
    </message>
    <message>
        <source>Montant payé : %1</source>
        <translation>Amount paid: %1</translation>
    </message>
    <message>
        <source>Autorisation n° %1</source>
        <translation>Authorisation no. %1</translation>
    </message>
    <message>
        <source>Carte : %1</source>
        <translation>Card: %1</translation>
    </message>
    <message>
        <source>Référence : %1</source>
        <translation>Reference: %1</translation>
    </message>
    <message>
        <source>Références : %1</source>
        <translation>References: %1</translation>
    </message>
    <message>
        <source>Toutes les périodes ({n}) — {amount}</source>
        <translation>All periods ({n}) — {amount}</translation>
    </message>
    <message>
        <source>Du {start} au {end} — {days} jours — {amount}</source>
        <translation>From {start} to {end} — {days} days — {amount}</translation>
    </message>
    <message>
        <source>MON ATTESTATION D&apos;INDEMNITÉS JOURNALIÈRES</source>
        <translation>MY DAILY ALLOWANCE CERTIFICATE</translation>
    </message>
    <message>
        <source>Voici votre attestation de paiement d&apos;indemnités journalières.</source>
        <translation>Here is your certificate of daily allowance payments.</translation>
    </message>
    <message>
        <source>Voici votre attestation de paiement d&apos;indemnités journalières. Touchez IMPRIMER pour l&apos;obtenir sur papier. Touchez RETOUR pour choisir une autre période.</source>
        <translation>Here is your certificate of daily allowance payments. Tap PRINT to get it on paper. Tap BACK to choose another period.</translation>
    </message>
    <message>
        <source>VOUS SOUHAITEZ UNE ATTESTATION POUR :</source>
        <translation>YOU WANT A CERTIFICATE FOR:</translation>
    </message>
    <message>
        <source>Choisissez « Toutes les périodes » pour une attestation qui récapitule toutes les indemnités versées, ou une seule période. Touchez ensuite CONFIRMER.</source>
        <translation>Choose “All periods” for a certificate of every allowance paid, or one period. Then tap CONFIRM.</translation>
    </message>
    <message>
        <source>Du %1 au %2 : %3 jours, %4</source>
        <translation>From %1 to %2: %3 days, %4</translation>
    </message>
    <message>
        <source>%1 périodes, du %2 au %3</source>
        <translation>%1 periods, from %2 to %3</translation>
    </message>
    <message>
        <source>Total versé : %1</source>
        <translation>Total paid: %1</translation>
    </message>
    <message>
        <source>Mon attestation de paiement d&apos;indemnités journalières</source>
        <translation>My certificate of daily allowance payments</translation>
    </message>
    <message>
        <source>Les indemnités journalières versées, par période ou toutes ensemble.</source>
        <translation>The daily allowances paid, by period or all together.</translation>
    </message>
    <message>
        <source>Recherche de vos indemnités journalières…</source>
        <translation>Looking for your daily allowances…</translation>
    </message>
    <message>
        <source>MES MESSAGES</source>
        <translation>MY MESSAGES</translation>
    </message>
    <message>
        <source>Vous n&apos;avez aucun message ni aucune notification.</source>
        <translation>You have no messages and no notifications.</translation>
    </message>
    <message>
        <source>Touchez un message pour le lire.</source>
        <translation>Tap a message to read it.</translation>
    </message>
    <message>
        <source>Messages {first} à {last} sur {total}. Touchez un message pour le lire.</source>
        <translation>Messages {first} to {last} of {total}. Tap a message to read it.</translation>
    </message>
    <message>
        <source>Messages plus récents</source>
        <translation>Newer messages</translation>
    </message>
    <message>
        <source>Messages plus anciens</source>
        <translation>Older messages</translation>
    </message>
    <message>
        <source>Voici le message en entier. Touchez RETOUR pour revenir à la liste de vos messages, ou ACCUEIL pour choisir un autre service.</source>
        <translation>Here is the whole message. Tap BACK to return to the list of your messages, or HOME to choose another service.</translation>
    </message>
    <message>
        <source>Voici les messages et les notifications de votre compte ameli, du plus récent au plus ancien. Touchez-en un pour le lire en entier. Ils restent visibles pendant {months} mois.</source>
        <translation>Here are the messages and notifications of your ameli account, newest first. Tap one to read it in full. They stay visible for {months} months.</translation>
    </message>
    <message>
        <source>Mes messages</source>
        <translation>My messages</translation>
    </message>
    <message>
        <source>Les messages et notifications de votre compte ameli.</source>
        <translation>The messages and notifications of your ameli account.</translation>
    </message>
    <message>
        <source>Recherche de vos messages…</source>
        <translation>Looking for your messages…</translation>
    </message>
    <message>
        <source>Demande faite le {date}</source>
        <translation>Request made on {date}</translation>
    </message>
    <message>
        <source>traitée sous {days} jours</source>
        <translation>handled within {days} days</translation>
    </message>
    <message>
        <source>Contrat du %1</source>
        <translation>Contract from %1</translation>
    </message>
    <message>
        <source>MA COMPLÉMENTAIRE SANTÉ</source>
        <translation>MY COMPLEMENTARY HEALTH INSURANCE</translation>
    </message>
    <message>
        <source>PLUS TARD</source>
        <translation>LATER</translation>
    </message>
    <message>
        <source>SÉLECTIONNER</source>
        <translation>SELECT</translation>
    </message>
    <message>
        <source>Pour chaque bénéficiaire, choisissez l&apos;organisme auquel vous souhaitez que soient transmis vos remboursements.</source>
        <translation>For each beneficiary, choose the insurer your reimbursements should be sent to.</translation>
    </message>
    <message>
        <source>L&apos;autre organisme complémentaire ne sera plus visible dans votre compte ameli sous {days} jours. Pour plus d&apos;informations, contactez votre complémentaire.</source>
        <translation>The other insurer will no longer be shown in your ameli account within {days} days. For more information, contact your insurer.</translation>
    </message>
    <message>
        <source>*Le numéro d&apos;adhérent/de contrat figure sur la carte ou l&apos;attestation délivrée par votre organisme complémentaire.</source>
        <translation>*The member/contract number is on the card or certificate from your complementary insurer.</translation>
    </message>
    <message>
        <source>Confirmer mon choix de complémentaire</source>
        <translation>Confirm my choice of insurer</translation>
    </message>
    <message>
        <source>Votre choix a bien été envoyé !</source>
        <translation>Your choice has been sent!</translation>
    </message>
    <message>
        <source>Les relevés de paiements non transmis sont dans votre compte ameli (rubrique&#xa0;«&#xa0;Mes paiements&#xa0;») : transmettez-les à votre complémentaire pour vous faire rembourser.</source>
        <translation>The payment statements not sent are in your ameli account (“Mes paiements”): send them to your insurer to be reimbursed.</translation>
    </message>
    <message>
        <source>DEMANDE EN COURS</source>
        <translation>REQUEST IN PROGRESS</translation>
    </message>
    <message>
        <source>CONTINUER &gt;</source>
        <translation>CONTINUE &gt;</translation>
    </message>
    <message>
        <source>Pour chaque personne, touchez la carte de l&apos;organisme complémentaire à conserver, puis VALIDER. Le numéro d&apos;adhérent figure sur la carte ou l&apos;attestation de votre complémentaire.</source>
        <translation>For each person, tap the card of the insurer to keep, then VALIDATE. The member number is on the card or certificate from your insurer.</translation>
    </message>
    <message>
        <source>Deux organismes complémentaires sont enregistrés pour la même personne : vos remboursements ne leur sont plus transmis. Touchez SÉLECTIONNER pour choisir celui à conserver, ou PLUS TARD : la question vous sera posée à votre prochaine connexion.</source>
        <translation>Two complementary insurers are registered for the same person: your reimbursements are no longer sent to them. Tap SELECT to choose the one to keep, or LATER: you will be asked again next time.</translation>
    </message>
    <message>
        <source>Adressez-vous à l&apos;accueil de votre caisse d&apos;assurance maladie (CPAM) : un conseiller choisira avec vous l&apos;organisme à conserver. Vos autres démarches restent possibles sur la borne.</source>
        <translation>Ask at the reception desk of your health insurance office (CPAM): an adviser will choose with you the insurer to keep. Your other procedures remain available on the terminal.</translation>
    </message>
    <message>
        <source>Ma complémentaire santé</source>
        <translation>My complementary health insurance</translation>
    </message>
    <message>
        <source>Choisir l&apos;organisme complémentaire auquel vos remboursements sont transmis.</source>
        <translation>Choose the insurer your reimbursements are sent to.</translation>
    </message>
    <message>
        <source>Recherche de vos complémentaires…</source>
        <translation>Looking for your complementary insurers…</translation>
    </message>
    <message>
        <source>Envoi de votre choix…</source>
        <translation>Sending your choice…</translation>
    </message>
    <message>
        <source>%1
N° adhérent* : %2
%3</source>
        <translation>%1
Member no.*: %2
%3</translation>
    </message>
    <message>
        <source>%1
N° adhérent : %2
%3</source>
        <translation>%1
Member no.: %2
%3</translation>
    </message>
    <message>
        <source>Votre complémentaire santé</source>
        <translation>Your complementary health insurance</translation>
    </message>
    <message>
        <source>VALIDER &gt;</source>
        <translation>VALIDATE &gt;</translation>
    </message>
    <message>
        <source>Vérifiez l&apos;organisme choisi pour chaque personne, puis touchez CONFIRMER. Touchez RETOUR pour changer votre choix.</source>
        <translation>Check the insurer chosen for each person, then tap CONFIRM. Tap BACK to change your choice.</translation>
    </message>
    <message>
        <source>Revenus {year} : total imposable {amount}.</source>
        <translation>Income {year}: total taxable {amount}.</translation>
    </message>
    <message>
        <source>Disponible sur la borne jusqu&apos;au {date}.</source>
        <translation>Available on the terminal until {date}.</translation>
    </message>
    <message>
        <source>MON RELEVÉ FISCAL</source>
        <translation>MY TAX STATEMENT</translation>
    </message>
    <message>
        <source>Voici votre relevé fiscal.</source>
        <translation>Here is your tax statement.</translation>
    </message>
    <message>
        <source>Votre relevé fiscal s&apos;imprime. Il sortira dans le bac situé sous l&apos;écran.</source>
        <translation>Your tax statement is printing. It will come out in the tray below the screen.</translation>
    </message>
    <message>
        <source>Votre relevé fiscal a été imprimé</source>
        <translation>Your tax statement has been printed</translation>
    </message>
    <message>
        <source>Récupérez-le dans le bac situé sous l&apos;écran.</source>
        <translation>Take it from the tray below the screen.</translation>
    </message>
    <message>
        <source>Votre relevé fiscal n&apos;a pas été imprimé. Vous pouvez le télécharger depuis votre compte ameli ou vous adresser à l&apos;accueil.</source>
        <translation>Your tax statement was not printed. You can download it from your ameli account or ask at the reception desk.</translation>
    </message>
    <message>
        <source>Voici votre relevé fiscal : le montant imposable de l&apos;année, à vérifier sur votre déclaration de revenus. Touchez IMPRIMER pour l&apos;obtenir sur papier.</source>
        <translation>Here is your tax statement: the taxable amount of the year, to check on your income tax return. Tap PRINT to get it on paper.</translation>
    </message>
    <message>
        <source>Mon relevé fiscal</source>
        <translation>My tax statement</translation>
    </message>
    <message>
        <source>Le montant imposable de l&apos;année, pour votre déclaration de revenus.</source>
        <translation>The taxable amount of the year, for your income tax return.</translation>
    </message>
    <message>
        <source>Préparation de votre relevé fiscal…</source>
        <translation>Preparing your tax statement…</translation>
    </message>
</context>
<context>
    <name>speech</name>
    <message>
        <source>étoile</source>
        <translation>star</translation>
    </message>
    <message>
        <source>effacé</source>
        <translation>erased</translation>
    </message>
    <message>
        <source>code effacé</source>
        <translation>code erased</translation>
    </message>
    <message>
        <source>%n chiffre(s) saisi(s)</source>
        <translation>%n digit(s) typed</translation>
    </message>
    <message>
        <source>aucun chiffre saisi</source>
        <translation>no digit typed</translation>
    </message>
    <message>
        <source>indisponible</source>
        <translation>unavailable</translation>
    </message>
    <message>
        <source>sélectionné</source>
        <translation>selected</translation>
    </message>
    <message>
        <source>non sélectionné</source>
        <translation>not selected</translation>
    </message>
    <message>
        <source>Curseur sur : %1</source>
        <translation>Cursor on: %1</translation>
    </message>
    <message>
        <source>Casque branché. Guidage vocal activé. Flèches haut et bas : se déplacer. OK : valider. Retour : revenir en arrière. Aide : aide de l&apos;écran. Répéter : réentendre. Plus et moins : volume. Page haut et page bas : vitesse.</source>
        <translation>Headset plugged in. Voice guidance on. Up and down arrows: move. OK: confirm. Back: go back. Help: this screen&apos;s help. Repeat: hear again. Plus and minus: volume. Page up and page down: speed.</translation>
    </message>
    <message>
        <source>Casque débranché.</source>
        <translation>Headset unplugged.</translation>
    </message>
    <message>
        <source>Guidage vocal activé, sans casque : les informations personnelles ne sont pas lues. Branchez un casque pour les entendre.</source>
        <translation>Voice guidance on, without a headset: personal information is not read out. Plug in a headset to hear it.</translation>
    </message>
    <message>
        <source>Information personnelle : branchez un casque pour l&apos;entendre.</source>
        <translation>Personal information: plug in a headset to hear it.</translation>
    </message>
    <message>
        <source>Information personnelle.</source>
        <translation>Personal information.</translation>
    </message>
    <message>
        <source>Test du casque. Vous entendez la synthèse vocale de la borne.</source>
        <translation>Headset test. You are hearing the kiosk&apos;s speech synthesis.</translation>
    </message>
    <message>
        <source>volume %n</source>
        <translation>volume %n</translation>
    </message>
    <message>
        <source>plus rapide</source>
        <translation>faster</translation>
    </message>
    <message>
        <source>plus lent</source>
        <translation>slower</translation>
    </message>
    <message>
        <source>rien à répéter</source>
        <translation>nothing to repeat</translation>
    </message>
    <message>
        <source>SYNTHÈSE VOCALE</source>
        <translation>SPEECH SYNTHESIS</translation>
    </message>
    <message>
        <source>ARRÊTÉE</source>
        <translation>STOPPED</translation>
    </message>
    <message>
        <source>DÉMARRAGE</source>
        <translation>STARTING</translation>
    </message>
    <message>
        <source>PRÊTE</source>
        <translation>READY</translation>
    </message>
    <message>
        <source>EN COURS</source>
        <translation>SPEAKING</translation>
    </message>
    <message>
        <source>EN PANNE</source>
        <translation>FAILED</translation>
    </message>
    <message>
        <source>TESTER LE CASQUE</source>
        <translation>TEST THE HEADSET</translation>
    </message>
    <message>
        <source>Moteur : %1</source>
        <translation>Engine: %1</translation>
    </message>
    <message>
        <source>Casque : branché</source>
        <translation>Headset: plugged in</translation>
    </message>
    <message>
        <source>Casque : non branché</source>
        <translation>Headset: not plugged in</translation>
    </message>
    <message>
        <source>Relances après blocage : %1</source>
        <translation>Restarts after a hang: %1</translation>
    </message>
    <message>
        <source>Voix : %1</source>
        <translation>Voice: %1</translation>
    </message>
</context>
<context>
    <name>texts</name>
    <message>
        <source>Insérez votre carte Vitale</source>
        <translation>Insert your carte Vitale</translation>
    </message>
    <message>
        <source>Puce vers le bas, dans le lecteur situé sous l&apos;écran.</source>
        <translation>Chip down, into the reader below the screen.</translation>
    </message>
    <message>
        <source>Lecture de votre carte Vitale en cours…</source>
        <translation>Reading your carte Vitale…</translation>
    </message>
    <message>
        <source>Merci de ne pas retirer votre carte.</source>
        <translation>Please do not remove your card.</translation>
    </message>
    <message>
        <source>Retirez votre carte Vitale</source>
        <translation>Remove your carte Vitale</translation>
    </message>
    <message>
        <source>Le lecteur de carte est momentanément indisponible</source>
        <translation>The card reader is temporarily unavailable</translation>
    </message>
    <message>
        <source>La borne ne peut pas lire de carte pour le moment. Adressez-vous à l&apos;accueil.</source>
        <translation>The terminal cannot read cards right now. Please ask at the reception desk.</translation>
    </message>
    <message>
        <source>Service momentanément indisponible</source>
        <translation>Service temporarily unavailable</translation>
    </message>
    <message>
        <source>Veuillez nous excuser. Réessayez dans quelques instants ou adressez-vous à l&apos;accueil.</source>
        <translation>We apologise. Try again in a few moments or ask at the reception desk.</translation>
    </message>
    <message>
        <source>Êtes-vous toujours là ?</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <source>Continuer</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>Fermer</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>CONFIRMER &gt;</source>
        <translation>CONFIRM &gt;</translation>
    </message>
    <message>
        <source>Le document imprimé est en français.</source>
        <translation>The printed document is in French (an official French document).</translation>
    </message>
    <message>
        <source>Bonjour %1.</source>
        <translation>Hello %1.</translation>
    </message>
    <message>
        <source>AIDE</source>
        <translation>HELP</translation>
    </message>
    <message>
        <source>IDENTIFICATION</source>
        <translation>IDENTIFICATION</translation>
    </message>
    <message>
        <source>Merci de votre visite. N&apos;oubliez pas votre carte.</source>
        <translation>Thank you for your visit. Do not forget your card.</translation>
    </message>
    <message>
        <source>Grands caractères</source>
        <translation>Large text</translation>
    </message>
    <message>
        <source>Contraste élevé</source>
        <translation>High contrast</translation>
    </message>
    <message>
        <source>Touchez RETOUR pour revenir à l&apos;étape précédente.</source>
        <translation>Tap BACK to return to the previous step.</translation>
    </message>
    <message>
        <source>Touchez ACCUEIL pour choisir un autre service.</source>
        <translation>Tap HOME to choose another service.</translation>
    </message>
    <message>
        <source>Touchez TERMINER quand vous avez fini, puis retirez votre carte Vitale.</source>
        <translation>Tap FINISH when you are done, then remove your carte Vitale.</translation>
    </message>
    <message>
        <source>En cas de difficulté, adressez-vous à l&apos;accueil.</source>
        <translation>If you have any difficulty, ask at the reception desk.</translation>
    </message>
    <message>
        <source>Votre document sort dans le bac situé sous l&apos;écran : pensez à le prendre.</source>
        <translation>Your document comes out in the tray under the screen: remember to take it.</translation>
    </message>
    <message>
        <source>Touchez RÉESSAYER pour lancer de nouveau l&apos;impression.</source>
        <translation>Tap TRY AGAIN to print again.</translation>
    </message>
    <message>
        <source>La carte n&apos;a pas pu être lue. Retirez-la, vérifiez qu&apos;il s&apos;agit bien de votre carte Vitale et insérez-la de nouveau, puce vers le bas. Si le problème persiste, adressez-vous à l&apos;accueil : un conseiller vous aidera.</source>
        <translation>The card could not be read. Remove it, check that it is your carte Vitale and insert it again, chip facing down. If the problem persists, ask at the reception desk: an adviser will help you.</translation>
    </message>
    <message>
        <source>Après plusieurs codes incorrects, l&apos;accès à vos services est bloqué sur la borne, pour votre sécurité. Un conseiller de l&apos;accueil peut vous aider. Touchez TERMINER puis retirez votre carte Vitale.</source>
        <translation>After several wrong codes, access to your services is blocked on the kiosk, for your security. An adviser at the reception desk can help you. Tap FINISH then remove your carte Vitale.</translation>
    </message>
    <message>
        <source>Cette carte n&apos;est pas une carte Vitale</source>
        <translation>This card is not a carte Vitale</translation>
    </message>
    <message>
        <source>Retirez cette carte et insérez votre carte Vitale.</source>
        <translation>Remove this card and insert your carte Vitale.</translation>
    </message>
    <message>
        <source>Votre carte Vitale ne peut pas être lue</source>
        <translation>Your carte Vitale cannot be read</translation>
    </message>
    <message>
        <source>Les informations de la carte sont illisibles. Retirez votre carte et adressez-vous à l&apos;accueil : un conseiller vous aidera.</source>
        <translation>The card&apos;s information cannot be read. Remove your card and ask at the reception desk: an adviser will help you.</translation>
    </message>
    <message>
        <source>La carte a été retirée</source>
        <translation>The card was removed</translation>
    </message>
    <message>
        <source>Insérez de nouveau votre carte Vitale.</source>
        <translation>Insert your carte Vitale again.</translation>
    </message>
    <message>
        <source>Retirez votre carte et réessayez. Si le problème persiste, adressez-vous à l&apos;accueil.</source>
        <translation>Remove your card and try again. If the problem persists, ask at the reception desk.</translation>
    </message>
    <message>
        <source>Sans réponse, votre session se terminera dans %1 seconde et vos informations seront effacées.</source>
        <translation>Without an answer, your session will end in %1 second and your information will be erased.</translation>
    </message>
    <message>
        <source>Sans réponse, votre session se terminera dans %1 secondes et vos informations seront effacées.</source>
        <translation>Without an answer, your session will end in %1 seconds and your information will be erased.</translation>
    </message>
    <message>
        <source>Vous ne pouvez plus prolonger votre session.</source>
        <translation>You can no longer extend your session.</translation>
    </message>
    <message>
        <source>L&apos;impression n&apos;a pas abouti</source>
        <translation>Printing failed</translation>
    </message>
    <message>
        <source>L&apos;imprimante n&apos;a plus de papier.</source>
        <translation>The printer is out of paper.</translation>
    </message>
    <message>
        <source>Le papier est coincé dans l&apos;imprimante.</source>
        <translation>The paper is jammed in the printer.</translation>
    </message>
    <message>
        <source>L&apos;imprimante est ouverte.</source>
        <translation>The printer is open.</translation>
    </message>
    <message>
        <source>L&apos;imprimante n&apos;a plus d&apos;encre.</source>
        <translation>The printer is out of ink.</translation>
    </message>
    <message>
        <source>L&apos;imprimante ne répond pas.</source>
        <translation>The printer does not answer.</translation>
    </message>
    <message>
        <source>L&apos;imprimante n&apos;est pas disponible pour le moment.</source>
        <translation>The printer is not available at the moment.</translation>
    </message>
    <message>
        <source>L&apos;impression a pris trop de temps et a été annulée.</source>
        <translation>Printing took too long and was cancelled.</translation>
    </message>
    <message>
        <source>Votre session a expiré</source>
        <translation>Your session has expired</translation>
    </message>
    <message>
        <source>Accès bloqué</source>
        <translation>Access blocked</translation>
    </message>
    <message>
        <source>Borne hors service</source>
        <translation>Terminal out of service</translation>
    </message>
    <message>
        <source>Aucun service n&apos;est disponible sur cette borne pour le moment. Adressez-vous à l&apos;accueil.</source>
        <translation>No service is available on this terminal right now. Please ask at the reception desk.</translation>
    </message>
    <message>
        <source>La borne est en maintenance. Merci de vous adresser à l&apos;accueil.</source>
        <translation>The terminal is under maintenance. Please ask at the reception desk.</translation>
    </message>
    <message>
        <source>Réessayez plus tard ou adressez-vous à l&apos;accueil.</source>
        <translation>Try again later or ask at the reception desk.</translation>
    </message>
    <message>
        <source>Impression momentanément indisponible</source>
        <translation>Printing temporarily unavailable</translation>
    </message>
    <message>
        <source>Les services qui impriment un document ne sont pas proposés pour le moment.</source>
        <translation>Services that print a document are not offered right now.</translation>
    </message>
    <message>
        <source>Indisponible : l&apos;imprimante ne fonctionne pas pour le moment.</source>
        <translation>Unavailable: the printer is not working right now.</translation>
    </message>
</context>
</TS>
